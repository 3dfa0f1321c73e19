## Moderation, partner calendars (issue 12) — back office

moderation-nav = { $count ->
    [0] Moderation
   *[other] Moderation ({ $count })
}
moderation-title = Activities to moderate
moderation-intro = { $count ->
    [one] One activity is waiting for your decision, soonest first.
   *[other] { $count } activities are waiting for your decision, soonest first.
}
moderation-empty = Nothing is waiting for your decision. New activities from partner calendars will show up here.
moderation-done-approved = { $count ->
    [0] No activity approved.
    [one] 1 activity approved: it is published.
   *[other] { $count } activities approved: they are published.
}
moderation-done-rejected = { $count ->
    [0] No activity rejected.
    [one] 1 activity rejected.
   *[other] { $count } activities rejected.
}
moderation-done-skipped = { $count ->
    [one] 1 activity had already been handled by someone else: it was left as it was.
   *[other] { $count } activities had already been handled by someone else: they were left as they were.
}
moderation-bulk-title = Several at once
moderation-bulk-hint = Check activities below, then approve them, or reject them with one reason.
moderation-bulk-approve = Approve the checked activities
moderation-bulk-reason = Reason for rejecting the checked activities
moderation-bulk-reject = Reject the checked activities
moderation-pick = Check
moderation-kind-new = New
moderation-kind-change = Change
moderation-field-time = When
moderation-field-place = Where
moderation-field-title = Title
moderation-organisation = Organisation
moderation-origin = From
moderation-received = Received
moderation-compare = What changes
moderation-live-link = published version
moderation-what = Item
moderation-old = Published now
moderation-new = Proposed
moderation-changed = (changed)
moderation-approve = Approve
moderation-reject = Reject…
moderation-reason = Reason for rejecting
moderation-reject-confirm = Reject this activity
moderation-from-source = Calendar “{ $source }”
moderation-from-proposer = Proposed by { $name }
moderation-from-feed = Partner calendar
moderation-error-nothing-chosen = Check at least one activity.
moderation-error-no-account = No account has this address. First add the person as a member of an organisation, or create their account.
moderation-moderators = Moderation by MRC
moderation-moderators-hint = These people approve or reject the activities of their MRC's organisations that are not trusted.
moderation-no-moderators = Nobody named yet: the regional administration moderates everything.
moderation-moderator-email = Account email
moderation-add-moderator = Name as moderator
moderation-trusted-title = Trusted organisations
moderation-trusted-hint = A trusted organisation's activities (from its calendars and its proposals) are published without moderation.
moderation-trusted = trusted
moderation-trust = Mark as trusted
moderation-untrust = Stop trusting
moderation-origins-title = Where it comes from
moderation-origins-hint = This activity comes from these partner calendars. If two different activities were joined by mistake, split them: they will stay apart on later reads.
moderation-split = Split
moderation-origin-own = original calendar
moderation-public-source = Source
admin-done-moderator-added = Moderator named.
admin-done-moderator-removed = Moderator removed.
admin-done-source-created = Calendar added. It will be read within minutes, or right away with “Import now”.
admin-done-split-published = Activities split: the other one is published on its own.
admin-done-split-queued = Activities split: the other one is waiting for moderation.
admin-audit-do-approve = Activity approved
admin-audit-do-reject = Activity rejected
admin-audit-do-split = Activities split
admin-audit-do-add-moderator = Moderator named
admin-audit-do-remove-moderator = Moderator removed
admin-audit-do-trust = Organisation marked trusted
admin-audit-do-distrust = Trust withdrawn
admin-audit-on-submission = activity to moderate
admin-audit-on-mrc = MRC
admin-audit-on-calendar-source = partner calendar

sources-nav = Partner calendars
sources-title = Partner calendars
sources-intro = Activities from your partners' calendars (Google, Outlook, WordPress, a town's site) come in here without anyone typing them again. Those of a calendar that is not trusted wait for moderation.
sources-none = No partner calendar yet.
sources-back = All partner calendars
sources-new-title = Add a calendar
sources-settings = Settings
sources-name = Calendar name
sources-name-hint = For example: Lachute library events.
sources-organisation = Organisation
sources-where-from = Where the activities come from
sources-url = Calendar address
sources-url-hint = It starts with https:// or webcal:// (in Google Calendar: “Secret address in iCal format”). Leave it empty to upload a file.
sources-file = Or an .ics file
sources-file-again = New version of the .ics file
sources-file-hint = { $mb } MB at most. It is read right away.
sources-uploaded = uploaded file
sources-defaults = What we know about its activities
sources-defaults-hint = These choices apply to every activity of this calendar.
sources-rules = Keywords
sources-rules-hint = A word found in the title or description adds a topic or an audience. For example: “tablet” → Tablets and phones.
sources-rule-keyword = Keyword { $n }
sources-rule-target = Topic or audience of keyword { $n }
sources-refresh = Read the calendar
sources-refresh-60 = every hour
sources-refresh-360 = every 6 hours
sources-refresh-720 = every 12 hours
sources-refresh-1440 = once a day
sources-takes-registrations = People register in Babillard (otherwise: for information, registration with the partner)
sources-trusted = Trusted calendar: its activities are published without moderation
sources-is-trusted = This calendar is trusted: its activities are published without moderation.
sources-create = Add this calendar
sources-import-now = Import now
sources-fetched = Last read
sources-never = never
sources-next-fetch = Next read
sources-last-error = Last error
sources-moderation = Moderation
sources-trusted-yes = none (trusted calendar)
sources-trusted-no = every new activity is checked
sources-registrations = Registration
sources-registrations-here = in Babillard
sources-registrations-there = with the partner
sources-summary-title = What the read did
sources-summary-failed = The calendar could not be read. Here is the reason given:
sources-summary-not-modified = The calendar has not changed since the last read.
sources-summary-refused-why = Events left out
sources-summary-new = New activities published
sources-summary-updated = Activities updated
sources-summary-cancelled = Activities cancelled
sources-summary-queued = Waiting for moderation
sources-summary-merged = Already in the calendar (duplicates joined)
sources-summary-unchanged = Unchanged
sources-summary-past = Already over
sources-summary-refused = Refused
sources-error-url-or-file = Enter the calendar's address or choose an .ics file (one or the other).
sources-error-file = Choose the .ics file to read.
