//! Who may do what. Roles are per organisation; a regional administrator may do
//! everything everywhere. Handlers ask these questions; they never compare role strings.

use serde::{Deserialize, Serialize};

/// A member's role in one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Events and sessions.
    Editor,
    /// Also members, venues and the organisation's settings.
    Manager,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "editor" => Some(Role::Editor),
            "manager" => Some(Role::Manager),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Manager => "manager",
        }
    }
}

/// What a signed-in person (or API token) is allowed, computed once per request.
#[derive(Debug, Clone, Default)]
pub struct Access {
    pub user_id: i64,
    pub is_admin: bool,
    /// (organisation id, role)
    pub memberships: Vec<(i64, Role)>,
}

impl Access {
    pub fn role_in(&self, organisation_id: i64) -> Option<Role> {
        self.memberships
            .iter()
            .find(|(o, _)| *o == organisation_id)
            .map(|(_, r)| *r)
    }

    /// Create and change events, sessions and registrations of the organisation.
    pub fn can_edit(&self, organisation_id: i64) -> bool {
        self.is_admin || self.role_in(organisation_id).is_some()
    }

    /// Manage members, venues and settings of the organisation.
    pub fn can_manage(&self, organisation_id: i64) -> bool {
        self.is_admin || self.role_in(organisation_id) == Some(Role::Manager)
    }

    /// Regions, municipalities, vocabularies, organisations themselves.
    pub fn can_administer_region(&self) -> bool {
        self.is_admin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_edit_managers_manage_admins_do_everything() {
        let editor = Access {
            user_id: 1,
            is_admin: false,
            memberships: vec![(7, Role::Editor)],
        };
        assert!(editor.can_edit(7) && !editor.can_manage(7) && !editor.can_edit(8));
        let manager = Access {
            memberships: vec![(7, Role::Manager)],
            ..editor.clone()
        };
        assert!(manager.can_edit(7) && manager.can_manage(7) && !manager.can_manage(8));
        let admin = Access {
            is_admin: true,
            memberships: vec![],
            ..editor
        };
        assert!(admin.can_edit(8) && admin.can_manage(8) && admin.can_administer_region());
    }
}
