"""O*NET occupations and their exposure labels as a role/task library, and job titles
matched to O*NET occupations.

One module per idea: :mod:`~planner.work.onet.exposure` (the labels file: the rubric, its
schema, its reader), :mod:`~planner.work.onet.tag_mapping` (label -> task tag, from YAML),
:mod:`~planner.work.onet.wages` (BLS OES wages), :mod:`~planner.work.onet.occupations`
(occupations as roles, selecting them, job titles matched to them) and
:mod:`~planner.work.onet.importer` (a library folder with attribution metadata). The names
below answer ``from planner.work.onet import ...`` as the single module before 0.2 did, but
for ``load_mapping``, now ``load_tag_mapping`` (a roster's column mapping is
:func:`planner.roster.presets.load_mapping`).
"""

from planner._lazy import lazy_exports

_NAMES = {
    'LABELS_CITATION': 'planner.work.onet.exposure',
    'Exposure': 'planner.work.onet.exposure',
    'EXPOSURE_WORDS': 'planner.work.onet.exposure',
    'similar_text': 'planner.work.onet.exposure',
    'LabelSource': 'planner.work.onet.exposure',
    'OnetLabelSchema': 'planner.work.onet.exposure',
    'read_onet_labels': 'planner.work.onet.exposure',
    'ExposureTag': 'planner.work.onet.tag_mapping',
    'ExposureMapping': 'planner.work.onet.tag_mapping',
    'load_tag_mapping': 'planner.work.onet.tag_mapping',
    'OES_CITATION': 'planner.work.onet.wages',
    'read_oes_wages': 'planner.work.onet.wages',
    'wages_for': 'planner.work.onet.wages',
    'SOC_MAJOR_GROUPS': 'planner.work.onet.occupations',
    'onet_role_id': 'planner.work.onet.occupations',
    'onet_task_id': 'planner.work.onet.occupations',
    'occupation_aliases': 'planner.work.onet.occupations',
    'occupations_of': 'planner.work.onet.occupations',
    'occupation_roles': 'planner.work.onet.occupations',
    'select_occupations': 'planner.work.onet.occupations',
    'read_occupation_list': 'planner.work.onet.occupations',
    'occupation_library': 'planner.work.onet.occupations',
    'load_occupation_overrides': 'planner.work.onet.occupations',
    'match_occupations': 'planner.work.onet.occupations',
    'ONET_ATTRIBUTION': 'planner.work.onet.importer',
    'LibraryMetadata': 'planner.work.onet.importer',
    'OnetLibrary': 'planner.work.onet.importer',
    'import_onet': 'planner.work.onet.importer',
    'write_library': 'planner.work.onet.importer',
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
