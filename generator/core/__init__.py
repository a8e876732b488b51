"""What every stage shares and nothing of ours is beneath: where packages are (paths), reading them
(package, descriptor), writing outputs (files, json_text), running parks on every core (parallel), a progress line on a terminal (progress),
escaping for where text lands (escape), the headings of generated HTML (headings), hashes of inputs (fingerprints), contributor roles (roles) and
spreadsheet bytes with fixed times (xlsx)."""

from generator.core.descriptor import FICTION_NOTE, build_descriptor, descriptor_json, load_shared_schema, schema_origin, write_descriptor
from generator.core.escape import html, html_text, md_cell, md_text, script_json, yaml_string
from generator.core.files import (
    SyncReport,
    UndoJournal,
    UnsafeOutput,
    check_output_folder,
    link_files,
    move_dir,
    remove_tree,
    replace_dir,
    sync_tree,
    unpacked_archives,
    write_folder,
    write_if_changed,
)
from generator.core.fingerprints import CACHE_DIR, compiled_templates, file_stats, files_under, hash_files, tree_digest, versions, walk_files
from generator.core.headings import HEADING, ID_ATTR, heading_text
from generator.core.json_text import dump_json, dump_json_read_back
from generator.core.package import (
    DRAFT,
    MAX_JSON_BYTES,
    MAX_JSON_DEPTH,
    STATUS_KEY,
    JSONLimitError,
    ParkPackage,
    is_draft,
    load_energy_coefficients,
    load_package,
    package_files,
    parse_json,
    read_json,
    read_table,
    records,
    split_drafts,
    typed_frame,
)
from generator.core.parallel import by_park, jobs, map_parks, parks_gc
from generator.core.progress import QUIET, Progress
from generator.core.roles import AUDIT_ROLES, GENERIC_ROLES
from generator.core.xlsx import fixed_time_workbook, workbook_bytes
from generator.core.paths import (
    CYCLE_RE,
    DESCRIPTOR,
    PARK_ID_RE,
    SHARED_FOLDERS,
    TABLES,
    PackagePathError,
    PackageRef,
    data_root_of,
    discover_packages,
    package_folders,
    package_ref,
    park_cycles,
    park_ids,
    reference_dir,
    schemas_dir,
    with_park_cycles,
)
