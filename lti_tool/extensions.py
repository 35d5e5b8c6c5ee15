"""Flask extensions, created once and bound to each app in ``create_app``."""

from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from development_plans.db import Base

db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
