"""The LTI 1.3 / LTI Advantage vocabulary, written once: claim, scope, role, message-type and
media-type URIs. Every other module names these constants rather than spelling out a URI."""

from __future__ import annotations

# Core claims (LTI 1.3 §5)
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
MESSAGE_TYPE_CLAIM = CLAIM + "message_type"
VERSION_CLAIM = CLAIM + "version"
DEPLOYMENT_ID_CLAIM = CLAIM + "deployment_id"
TARGET_LINK_URI_CLAIM = CLAIM + "target_link_uri"
RESOURCE_LINK_CLAIM = CLAIM + "resource_link"
ROLES_CLAIM = CLAIM + "roles"
ROLE_SCOPE_MENTOR_CLAIM = CLAIM + "role_scope_mentor"
CONTEXT_CLAIM = CLAIM + "context"
CUSTOM_CLAIM = CLAIM + "custom"
LTI_VERSION = "1.3.0"

# Message types
RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"

# Deep Linking 2.0
DEEP_LINKING_SETTINGS_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
DEEP_LINKING_DATA_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/data"

# Assignment and Grade Services 2.0
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
LINEITEM_READ_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
RESULT_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
RESULTS_TYPE = "application/vnd.ims.lis.v2.resultcontainer+json"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"

# Names and Role Provisioning Services 2.0
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
MEMBERSHIPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"

#: Every service scope the tool asks for (Dynamic Registration lists these).
TOOL_SCOPES = (LINEITEM_SCOPE, LINEITEM_READ_SCOPE, RESULT_SCOPE, SCORE_SCOPE, NRPS_SCOPE)

# Dynamic Registration
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"

# Roles (LIS vocabulary)
MEMBERSHIP_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
INSTITUTION_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#"
SYSTEM_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/system/person#"
