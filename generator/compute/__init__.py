"""The compute stage: park-cycle variables with their provenance, key enterprises, chain aggregates
and rankings, and the summary of improvement measures, from a loaded package."""

from generator.compute.enterprises import (
    CHAIN_COLUMNS,
    ENTERPRISE_METRICS,
    ChainConfig,
    ChainIntensity,
    KeyEnterpriseConfig,
    chain_aggregates,
    industry_rankings,
    round_decimal,
    select_key_enterprises,
)
from generator.compute.measures import round_fraction, summarise_measures
from generator.compute.variables import VARIABLE_NAMES, VARIABLES, CycleData, History, compute_cycle
