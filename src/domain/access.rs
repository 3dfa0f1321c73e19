//! Who may do what. Roles are per organisation; a regional administrator may do
//! everything everywhere. Handlers ask these questions; they never compare role strings.

text_enum!(
    /// A member's role in one organisation.
    Role {
        /// Events and sessions.
        Editor => "editor",
        /// Also members, venues and the organisation's settings.
        Manager => "manager",
    }
);

/// What a signed-in person (or API token) is allowed, computed once per request.
#[derive(Debug, Clone, Default)]
pub struct Access {
    pub user_id: i64,
    pub is_admin: bool,
    /// (organisation id, role)
    pub memberships: Vec<(i64, Role)>,
    /// The trainer record linked to this user, if they train: they see their own
    /// assignments and the rosters of their sessions, whatever the organisation.
    pub trainer_id: Option<i64>,
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

    /// Read a session's registrations and take attendance at the door: whoever may
    /// edit the organisation's sessions, and the trainers assigned to that session.
    pub fn can_take_attendance(&self, organisation_id: i64, session_trainers: &[i64]) -> bool {
        self.can_edit(organisation_id)
            || self
                .trainer_id
                .is_some_and(|t| session_trainers.contains(&t))
    }

    /// Whether the person has any back-office role at all (else the back office is
    /// only their sign-out button).
    pub fn is_staff(&self) -> bool {
        self.is_admin || !self.memberships.is_empty() || self.trainer_id.is_some()
    }

    /// The organisations whose back office the person may open (`None`: all of them).
    pub fn organisations(&self) -> Option<Vec<i64>> {
        if self.is_admin {
            None
        } else {
            Some(self.memberships.iter().map(|(o, _)| *o).collect())
        }
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
            trainer_id: None,
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

    #[test]
    fn trainers_take_attendance_only_for_their_own_sessions() {
        let trainer = Access {
            user_id: 3,
            trainer_id: Some(40),
            ..Default::default()
        };
        assert!(trainer.can_take_attendance(7, &[40, 41]));
        assert!(!trainer.can_take_attendance(7, &[41]));
        assert!(!trainer.can_edit(7));
        assert!(trainer.is_staff());
        assert!(!Access::default().is_staff());
    }
}
