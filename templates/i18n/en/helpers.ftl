## Volunteer helpers: "Lend a hand" (public page, personal link, emails, back office)

helpers-footer = Lend a hand
helpers-title = Lend a hand
helpers-intro = Hands-on workshops need volunteer helpers: about one person for every three or four participants, to help each of them at their own pace. Students, Digital Ambassadors, patient neighbours: choose a session and sign up in a minute.
helpers-count = { $count ->
    [0] No session is looking for helpers right now.
    [one] One session is looking for helpers.
   *[other] { $count } sessions are looking for helpers.
}
helpers-none = Come back soon: new sessions are added every week.
helpers-left = { $count ->
    [0] Full
    [one] 1 more helper wanted
   *[other] { $count } more helpers wanted
}
helpers-task-label = Role
helpers-signup-button = I'll lend a hand
helpers-privacy-note = We keep your name and email only to organise the session, then we erase them.
helpers-wanted-sentence = This group is looking for { $count ->
    [one] 1 volunteer helper
   *[other] { $count } volunteer helpers
}: { $task }.
helpers-wanted-sentence-no-task = This group is looking for { $count ->
    [one] 1 volunteer helper
   *[other] { $count } volunteer helpers
} to help the participants.
helpers-session-link = Lend a hand
helpers-back-list = See the sessions looking for helpers

helpers-signup-title = Help at: { $title }
helpers-signup-intro = Leave your name and email. You will receive a link to confirm: your place is kept only once that link is opened.
helpers-field-name = Your name
helpers-field-email = Your email address
helpers-field-email-hint = To confirm, then receive the invitation for your calendar and a reminder.
helpers-field-phone = Phone (optional)
helpers-field-phone-hint = To reach you on the day, if needed.
helpers-field-consent = I agree that Babillard keeps my name and contact details to organise this session. I can cancel or erase my information at any time with the link I receive by email.
helpers-signup-submit = Sign me up as a helper
helpers-errors = Please fix the following:
helpers-error-name = Enter your name (at least 2 letters).
helpers-error-email-required = Enter your email address.
helpers-error-email = This email address looks incomplete. Example: name@example.ca
helpers-error-phone = This phone number does not look valid. Example: 819 555-1234
helpers-error-contact = Enter a phone number or an email address to reach the person.
helpers-error-consent = Tick the box so that we can keep your contact details.
helpers-error-wanted = The number of helpers must be a whole number from 0 to 50.
helpers-error-task = The helpers' role must fit in 200 characters, on one line.
helpers-error-already = This person already helps at this session.
helpers-error-session-over = This session is cancelled or over: no more helpers can be added.
helpers-error-not-confirmed = This person is not (or no longer) a confirmed helper.
helpers-sent-title = Check your email
helpers-sent = Thank you! If the address is right, an email is on its way with a link to confirm your help.
helpers-sent-next = Open that link and tap "I confirm" within 48 hours. You will then receive the invitation for your calendar.
helpers-full-title = It's full, thank you!
helpers-full = This session already has all the helpers it needs. Thank you for your generosity: other sessions may still be looking for help.
helpers-gone-title = This link no longer works
helpers-gone = This confirmation link has expired (48 hours), or the session no longer takes place. You can sign up again.
helpers-confirm-title = Confirm my help
helpers-confirm-intro = Hello { $name }, tap the button to confirm that you will help at this session.
helpers-confirm-button = I confirm
helpers-confirmed-title = Your help is confirmed
helpers-confirmed-already = Your help is already confirmed. Your personal link was emailed to you, with the invitation for your calendar.

helpers-manage-title = My volunteer help
helpers-status-pending-confirmation = Waiting for your confirmation
helpers-status-confirmed = Confirmed: thank you for helping!
helpers-status-cancelled = Cancelled
helpers-done-confirmed = Confirmed, thank you! An email follows with the invitation for your calendar.
helpers-done-cancelled = Your help is cancelled. Thank you for letting us know.
helpers-calendar-intro = Add this session to your calendar: it will update itself if the time changes.
helpers-cancel-link = I can no longer come
helpers-cancel-title = Cancel my help
helpers-cancel-question = Do you really want to cancel your help at "{ $title }", { $when }?
helpers-cancel-confirm = Yes, cancel my help
helpers-cancel-keep = No, back to my page
helpers-delete-explain = Your name, email, phone and the emails we wrote to you will be erased. Your link will stop working. This cannot be undone.
helpers-delete-cancels = Your help at "{ $title }" will be cancelled too.
helpers-deleted-title = Your information is erased
helpers-deleted-text = Thank you. We no longer keep any personal information about this help.
helpers-keep-link = Keep this link: it is your personal access. Do not share it.
helpers-feed-name = My volunteering

helpers-ics-summary = Helper: { $title }
helpers-ics-role = You are helping at this session
helpers-ics-role-task = You are helping at this session: { $task }
helpers-ics-manage = See or cancel your help: { $url }

## Back office
helpers-admin-title = Volunteer helpers
helpers-admin-count = { $confirmed } confirmed of { $wanted } wanted
helpers-admin-none-wanted = This session is not looking for helpers.
helpers-admin-set-wanted = Say how many it needs
helpers-admin-email = Email
helpers-admin-actions = Actions
helpers-admin-by-staff = entered by staff
helpers-admin-erased = (information erased)
helpers-admin-cancel = Cancel
helpers-admin-nobody = No helpers yet.
helpers-admin-add = Add a helper
helpers-admin-add-hint = For someone who phoned or came by: their name and a phone or an email. The place is confirmed at once; with an email, the person receives their link and the invitation.
helpers-admin-consent = The person agrees that we keep their contact details to organise the session.
helpers-admin-add-button = Add
helpers-form-legend = Volunteer helpers
helpers-form-hint = For a hands-on workshop, count about one helper for every three or four participants. Sessions looking for helpers appear on the public "Lend a hand" page.
helpers-form-wanted = Helpers wanted
helpers-form-task = Helpers' role
helpers-form-task-hint = A short sentence, for example: help participants with their tablet.
helpers-door-title = { $count ->
    [one] Helper (1)
   *[other] Helpers ({ $count })
}
helpers-door-present = Present — tap to record
admin-done-helper-added = Helper added.
admin-done-helper-cancelled = Helper's shift cancelled.
admin-done-helper-present = Helper marked present.
admin-done-helper-present-undone = Helper's presence removed.
helpers-reports-fig-helpers = Volunteer helpers
helpers-reports-fig-hours = Volunteer hours
helpers-reports-fig-hours-note = Confirmed helpers × length of each session held.
helpers-reports-col-helpers = Helpers
helpers-reports-col-hours = Volunteer hours
helpers-privacy = Volunteers who lend a hand at a session give us their name, email and, if they wish, their phone: we keep them to organise the session and erase them { $days } days after it (only the number of helpers stays, for reports); their personal link lets them cancel, download or erase this information at any time.

## Emails
mail-subject-helper_confirm = Confirm your help: { $title }
mail-subject-helper_already = You already help: { $title }
mail-subject-helper_confirmed = Thank you, your help is confirmed: { $title }
mail-subject-helper_cancelled = Volunteer help cancelled: { $title }
mail-subject-helper_reminder = Reminder, you help soon: { $title }
mail-subject-helpers_short = Helpers missing: { $title }
mail-helper-task = Your role:
mail-intro-helper_confirm = Thank you for offering to lend a hand! To confirm your help at this session, open this link and tap "I confirm":
mail-helper_confirm-button = Confirm my help
mail-helper_confirm-expires = The link works for 48 hours. Your place is kept only once confirmed.
mail-helper_confirm-ignore = If you did not ask for anything, ignore this message: nothing will be kept.
mail-intro-helper_already = Someone just signed up as a helper for this session with your address. You already help at it: nothing changed. Your personal link is in the email that confirmed your help.
mail-helper_already-ignore = If this was not you, ignore this message: nobody else received your link.
mail-intro-helper_confirmed = Thank you! Your help is confirmed. The organisation's team is counting on you.
mail-intro-helper_moved = The session you help at changed its time or place. Here is the updated information.
mail-helper-manage = To see or cancel your help:
mail-helper-manage-button = See or cancel my help
mail-intro-helper_cancelled = Your help at this session is cancelled. Thank you for letting us know, and see you another time!
mail-intro-helper_cancelled_session = The organisation cancelled this session: your help is no longer needed. Thank you for offering your time.
mail-helper-removed = The activity is removed from your calendar.
mail-intro-helper_reminder = A quick reminder: you help at this session soon. Thank you!
mail-intro-helpers_short = This session starts in less than 48 hours and lacks volunteer helpers: { $confirmed } confirmed of { $wanted } wanted.
mail-helpers_short-button = See the session's helpers
mail-helpers_short-hint = You receive this message because you are on the organisation's team.
