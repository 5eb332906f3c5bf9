"""Enumerations stored in the database: a stable code in the file, the guidance's words on screen.

Codes never change once files exist; labels may be reworded. Import accepts either,
case-insensitively (`from_text`).
"""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A StrEnum whose members carry an on-screen label."""

    label: str

    def __new__(cls, value: str, label: str) -> Labelled:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    @classmethod
    def from_text(cls, text: str) -> Labelled:
        """The member whose code or label matches `text`, ignoring case and spaces."""
        wanted = " ".join(str(text).split()).casefold()
        for member in cls:
            if wanted in (
                member.value.casefold(),
                member.label.casefold(),
                member.value.replace("_", " ").casefold(),
            ):
                return member
        raise ValueError(f"'{text}' is not one of: {', '.join(m.label for m in cls)}")

    @classmethod
    def label_for(cls, code: str | None) -> str | None:
        """The on-screen label of a stored code: the one way a code becomes words.
        None for no code; an unknown code (from an older or edited file) as it is."""
        if not code:
            return None
        try:
            return cls(code).label
        except ValueError:
            return code

    @classmethod
    def labels(cls) -> list[str]:
        return [m.label for m in cls]


class Stage(Labelled):
    REFERRAL = "referral", "Referral"
    SCOPING = "scoping", "Scoping"
    STRATEGIC_OPERATIONAL = "strategic_operational", "Strategic & operational"
    CLOSING = "closing", "Closing"
    CLOSED = "closed", "Closed"


class SettingKind(Labelled):
    SCHOOL = "school", "School"
    COLLEGE = "college", "College"
    CLUB = "club", "Club"
    CHILDRENS_HOME = "childrens_home", "Children's home"
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"
    GROUP_CHAT = "group_chat", "Group chat"
    PLATFORM_COMMUNITY = "platform_community", "Platform community"
    GAMING_SERVER = "gaming_server", "Gaming server"
    OTHER = "other", "Other"

    @property
    def online(self) -> bool:
        return self in (
            SettingKind.GROUP_CHAT,
            SettingKind.PLATFORM_COMMUNITY,
            SettingKind.GAMING_SERVER,
        )


class Gender(Labelled):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NON_BINARY = "non_binary", "Non-binary"
    OTHER = "other", "Other"
    NOT_KNOWN = "not_known", "Not known"


class IdentificationRoute(Labelled):
    OWN_CONCERN = "own_concern", "Own concern"
    CONNECTED = "connected", "Connected to an identified young person"
    SETTING = "setting", "Identified by setting"
    AGENCY = "agency", "Identified by another agency"
    SELF_REFERRAL = "self_referral", "Self or family referral"


class Inclusion(Labelled):
    UNDER_CONSIDERATION = "under_consideration", "Under consideration"
    IN_SCOPE = "in_scope", "In scope"
    REMOVED = "removed", "Removed"


class DatePrecision(Labelled):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"


class ConcernSource(Labelled):
    OBSERVED = "observed", "Observed"
    SELF_DISCLOSURE = "self_disclosure", "Self-disclosure"
    PEER_DISCLOSURE = "peer_disclosure", "Peer disclosure"
    PARENT = "parent", "Parent or carer"
    HOSPITAL = "hospital", "Hospital"
    POLICE = "police", "Police"
    ONLINE_CONTENT = "online_content", "Online content"


class ConcernCategory(Labelled):
    """Coarse categories only: Circles never records a method."""

    SELF_INJURY = "self_injury", "Self-injury"
    SELF_POISONING = "self_poisoning", "Self-poisoning"
    THOUGHTS_OR_PLANS = "thoughts_or_plans", "Thoughts or plans disclosed"
    ONLINE_CONTENT = "online_content", "Online self-harm content"
    SUSPECTED = "suspected", "Suspected"


class MedicalAttention(Labelled):
    NONE = "none", "None"
    FIRST_AID = "first_aid", "First aid or GP"
    HOSPITAL = "hospital", "Hospital attendance"
    ADMITTED = "admitted", "Admitted"
    NOT_KNOWN = "not_known", "Not known"


class Mode(Labelled):
    REAL_LIFE = "real_life", "Real life"
    ONLINE = "online", "Online"
    BOTH = "both", "Both"


class ConnectionKind(Labelled):
    SAME_SCHOOL = "same_school", "Same school"
    SAME_CLASS = "same_class", "Same class"
    FRIEND = "friend", "Friend"
    FAMILY = "family", "Sibling or family"
    PARTNER = "partner", "Partner"
    CLUB = "club", "Club"
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"
    RESIDENTIAL = "residential", "Residential placement"
    GROUP_CHAT = "group_chat", "Same group chat"
    PLATFORM_COMMUNITY = "platform_community", "Same platform community"
    GAMING_GROUP = "gaming_group", "Gaming group"
    FOLLOWS = "follows", "Follows / contacts"
    DIRECT_MESSAGES = "direct_messages", "Direct messages"

    @property
    def online(self) -> bool:
        return self in (
            ConnectionKind.GROUP_CHAT,
            ConnectionKind.PLATFORM_COMMUNITY,
            ConnectionKind.GAMING_GROUP,
            ConnectionKind.FOLLOWS,
            ConnectionKind.DIRECT_MESSAGES,
        )


class Confidence(Labelled):
    CONFIRMED = "confirmed", "Confirmed"
    REPORTED = "reported", "Reported"
    SUSPECTED = "suspected", "Suspected"


class ConnectionStatus(Labelled):
    ACTIVE = "active", "Active"
    DISPROVED = "disproved", "Disproved"


class AssessmentStatus(Labelled):
    NOT_STARTED = "not_started", "Not started"
    BOOKED = "booked", "Booked"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact"
    NOT_REQUIRED = "not_required", "Not required"


class MeetingType(Labelled):
    SCOPING = "scoping", "Scoping"
    STRATEGIC = "strategic", "Strategic"
    OPERATIONAL = "operational", "Operational"
    FINAL = "final", "Final"
    DEBRIEF = "debrief", "Debrief"


class AttendanceStatus(Labelled):
    INVITED = "invited", "Invited"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Apologies"
    DEPUTY = "deputy", "Deputy sent"


class ActionStatus(Labelled):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class PlanType(Labelled):
    INDIVIDUAL_RESPONSE = "individual_response", "Individual response plan"
    SAFETY = "safety", "Safety plan"
    SCHOOL_SUPPORT = "school_support", "School support plan"
    EARLY_HELP = "early_help", "Early help plan"
    CHILD_IN_NEED = "child_in_need", "Child in need plan"
    CHILD_PROTECTION = "child_protection", "Child protection plan"
    CARE = "care", "Care plan"
    OTHER = "other", "Other"


class PlanStatus(Labelled):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class ChecklistState(Labelled):
    OUTSTANDING = "outstanding", "Outstanding"
    DONE = "done", "Done"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


# Risk and level of need are configurable per response (SPEC: "Default scale, configurable
# per response"), so they are stored as the label text, with these defaults.
DEFAULT_RISK_SCALE: tuple[str, ...] = ("High", "Raised", "Low")
NOT_YET_ASSESSED = "Not yet assessed"
DEFAULT_NEED_LEVELS: tuple[str, ...] = (
    "L1 Universal",
    "L2 Early help",
    "L3 Targeted",
    "L4 Specialist / safeguarding",
)
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
DEFAULT_PROMPT_WINDOW_DAYS = 42

# Agencies offered in drop-downs; free text is allowed too.
AGENCIES: tuple[str, ...] = (
    "Children's Social Care",
    "CAMHS",
    "Police",
    "School",
    "College",
    "Education (LA)",
    "Early Help",
    "School Nursing",
    "GP",
    "Acute hospital",
    "ICB",
    "Public Health",
    "Youth service",
    "Voluntary sector",
    "Adult Mental Health",
    "Other area",
)
