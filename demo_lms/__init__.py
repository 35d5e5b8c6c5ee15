"""Demo LMS: a small LTI 1.3 platform (LMS simulator) for demos and tests, never for production."""

from demo_lms.app import create_demo_lms
from demo_lms.claims import PLATFORM_VERSION as __version__
from demo_lms.config import (
    INSTRUCTOR,
    LEARNER,
    MENTOR,
    Course,
    DemoLmsConfig,
    Member,
    Persona,
    ResourceLink,
)

__all__ = [
    "INSTRUCTOR",
    "LEARNER",
    "MENTOR",
    "Course",
    "DemoLmsConfig",
    "Member",
    "Persona",
    "ResourceLink",
    "__version__",
    "create_demo_lms",
]
