"""What every stage shares and nothing of ours is beneath: where packages are (paths), reading them
(package, descriptor), writing outputs (files, json_text), running parks on every core (parallel),
escaping for where text lands (escape) and hashes of inputs (fingerprints)."""

from generator.core.descriptor import FICTION_NOTE, build_descriptor, descriptor_json, load_shared_schema, schema_origin, write_descriptor
from generator.core.escape import html, md_cell, md_text, script_json, yaml_string
from generator.core.files import SyncReport, UndoJournal, move_dir, replace_dir, sync_tree, write_folder, write_if_changed
from generator.core.fingerprints import CACHE_DIR, files_under, hash_files, tree_digest, versions
from generator.core.json_text import dump_json
from generator.core.package import ParkPackage, load_energy_coefficients, load_package, package_files, read_table, records
from generator.core.parallel import by_park, jobs, map_parks
from generator.core.paths import (
    CYCLE_RE,
    DESCRIPTOR,
    PARK_ID_RE,
    TABLES,
    PackageRef,
    data_root_of,
    discover_packages,
    package_ref,
    reference_dir,
    schemas_dir,
)
