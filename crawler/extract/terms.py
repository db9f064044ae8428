"""The vocabulary of surveillance content, in English and Welsh, shared by the classifier and extractors."""

from __future__ import annotations

import re

SURVEILLANCE = re.compile(
    r"\bcctv\b|closed[- ]circuit (?:television|tv)|surveillance cameras?|public[- ]space (?:cctv|cameras?|"
    r"surveillance)|\banpr\b|automatic number plate recognition|body[- ]worn (?:video|cameras?)|"
    r"teledu cylch (?:cyfyng|cae[eë]dig)|\btcc\b|camer[aâ]u gwyliadwriaeth|camer[aâ]u a wisgir ar y corff",
    re.I,
)
"""Terms whose presence in a title or heading makes a page a candidate for surveillance content."""

PASSING = re.compile(
    r"\bjobs?\b|vacanc|recruit|careers?|\bswydd|\boperators?\b|\bnews\b|press release|newyddion|"
    r"planning application|\bplanning\b|cais cynllunio|domestic cctv|home cctv|your own cctv|"
    r"neighbour|doorbell|ring camera|cymydog|car parks?\b|parking charges|parcio|\btaxis?\b|hackney carriage|"
    r"private hire|premises licen[cs]e|licen[cs]ed (?:premises|vehicles)|\btacsi|search results|"
    r"canlyniadau (?:y )?chwilio",
    re.I,
)
"""Subjects where CCTV is mentioned in passing: jobs, news, planning, home CCTV advice, car parks, and licensing
rules that make taxis or licensed premises fit cameras of their own (not the council's cameras), and the site's
search results for "CCTV" (a list of other pages, each judged on its own)."""

SPECIFIC_CONTACT = re.compile(
    r"cctv|surveillance|camera|control[ ._-]?room|community[ ._-]?safety|safer|monitoring centre|"
    r"ystafell reoli|teledu|\btcc\b|diogelwch cymunedol|spoc|single point|pwynt cyswllt",
    re.I,
)
GENERIC_CONTACT = re.compile(
    r"switchboard|customer (?:service|contact|services)|contact centre|general enquir|data protection officer|"
    r"\bdpo\b|information governance|freedom of information|\bfoi\b|main (?:number|line)|enquiries|"
    r"swyddog diogelu data|gwasanaethau cwsmeriaid|prif rif|\b(?:call|phone|ring|telephone|contact) the council\b|"
    r"\bffoniwch y cyngor\b",
    re.I,
)
GENERIC_MAILBOX = re.compile(
    r"^(?:dpo|data\.?protection|dataprotection|enquiries|enquiry|info|information|contact|contactus|"
    r"customer\.?services|customerservices|foi|complaints|feedback|council|post|mail|hello|ask|"
    r"igovernance|information\.?governance|ymholiadau)$",
    re.I,
)

ANPR = re.compile(
    r"\bANPR\b|automatic number[- ]plate recognition|number[- ]plate recognition|\bAPRA\b|"
    r"adnabod (?:platiau|rhifau) (?:rhif|cofrestru|cerbydau)",
    re.I,
)
"""Automatic number plate recognition, in English and Welsh."""
BODY_WORN = re.compile(
    r"body[- ]?worn(?: video| cameras?| cctv| devices?| recording)?|\bBWV\b|\bBWC\b|\bbody cameras?\b|"
    r"(?:camer[aâ]u|fideo) a wisgir ar y corff|camer[aâ]u corff",
    re.I,
)
"""Body-worn video and cameras, in English and Welsh."""
