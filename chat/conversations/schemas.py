"""Input schemas for groups."""

from marshmallow import Schema, fields, validate

from ..storage.models import ROLES
from ..validation import StrictBoolean, Trimmed

ID = fields.String(validate=validate.Length(min=1, max=64))
TITLE = validate.Length(min=1, max=80, error="Use 1 to {max} characters")
MAX_LISTED = 10_000  # GROUP_MAX_MEMBERS decides; this only bounds the request


class CreateGroupSchema(Schema):
    title = Trimmed(required=True, validate=TITLE)
    member_ids = fields.List(ID, required=True, validate=validate.Length(min=1, max=MAX_LISTED))


class RenameSchema(Schema):
    title = Trimmed(required=True, validate=TITLE)


class AddMembersSchema(Schema):
    user_ids = fields.List(ID, required=True, validate=validate.Length(min=1, max=MAX_LISTED))


class RoleSchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf(ROLES))


class MembershipSchema(Schema):
    muted = StrictBoolean(required=True)
