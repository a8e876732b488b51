"""The score stage: indicators.yaml (config), the safe formula language (formula), indicator values,
levels, composite indices, grade and compliance (systems), one park-cycle scored (stage) and its
results files (save)."""

from generator.score.config import LEVELS, Config, ConfigError, load_config
from generator.score.save import result_files
from generator.score.stage import NUMBERS, score_all, score_package
from generator.score.systems import UNDECIDABLE_RULE, display, round_half_up
# what each variable a formula may name means (unit, Chinese, English): the method's vocabulary,
# which the methodology pages use to put a benchmark expression into words
from generator.compute import VARIABLES as VARIABLE_MEANINGS
