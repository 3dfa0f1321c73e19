# Registration: strings of this area (en).
reg-form-title = Register
reg-form-waitlist = This activity is full: by registering you join the waiting list. We will write as soon as a seat frees up.
reg-form-errors = A few things need correcting:
reg-field-name = Your name
reg-field-email = Your email address
reg-field-email-hint = We send the confirmation there, with the link to change or cancel.
reg-field-phone = Phone (optional)
reg-field-seats = Number of seats
reg-field-seats-hint = { $max ->
    [one] One seat per registration.
   *[other] Up to { $max } seats, for example to come with a companion.
}
reg-field-needs = Particular needs (optional)
reg-field-needs-hint = Accessibility, hearing aid, wheelchair… Tell us what would help.
reg-field-language = Language of our messages
reg-field-consent = I agree that my information is used to manage my registration.
reg-field-consent-link = How we protect your personal information
reg-field-website = Leave this field empty
reg-submit = Register
reg-back-to-session = Back to the activity

reg-error-name = Enter your name (at least 2 characters).
reg-error-email = This email address does not look valid. Please check it (example: name@example.ca).
reg-error-email-required = Enter your email address: we will send the confirmation there.
reg-error-contact-required = Enter an email address or a phone number.
reg-error-phone = This phone number does not look valid (example: 819 555-1234).
reg-error-seats = Enter a whole number of seats, 1 or more.
reg-error-seats-max = { $max ->
    [one] Only one seat per registration for this activity.
   *[other] At most { $max } seats per registration for this activity.
}
reg-error-needs = This text is too long (1,000 characters at most).
reg-error-language = Choose French or English.
reg-error-consent = To register, please agree to the use of your information.
reg-error-robot = The form could not be sent. Please try again.

reg-refused-cancelled = This activity is cancelled: registration is no longer possible.
reg-refused-ended = This activity is over.
reg-refused-drop-in = No need to register: just come in.
reg-refused-not-open = Registration opens on { $date }.
reg-refused-closed = Registration for this activity is closed.
reg-refused-full = This activity is full and has no waiting list.
reg-refused-waitlist-full = This activity is full, and so is its waiting list.
reg-refused-not-enough-seats = There are not enough free seats to add more (free seats: { $free }).
reg-refused-not-changeable = This registration can no longer be changed.
reg-refused-no-offer = No seat is offered to you at the moment.
reg-refused-offer-expired = The time to accept this seat has passed.
reg-refused-capacity-below = { $taken } seats are already taken: the capacity cannot be lower.
reg-refused-not-waiting = This person is not on the waiting list.

reg-status-confirmed = Your registration is confirmed.
reg-status-waitlisted = You are on the waiting list, in position { $position }. We will write as soon as a seat frees up.
reg-status-offered = A seat is offered to you! Accept it before { $date }.
reg-status-pending-payment = Your registration is waiting for payment.
reg-status-attended = You attended this activity.
reg-status-no-show = You were registered but did not attend.
reg-status-cancelled = This registration is cancelled.
reg-link-resent = You are already registered for this activity. We emailed you the link to see, change or cancel your registration again.
reg-resent-title = Already registered

reg-manage-title = My registration
reg-activity = Activity
reg-seats-label = Seats
reg-name-label = Name
reg-email-label = Email address
reg-phone-label = Phone
reg-register-again-intro = There is still room in this activity.
reg-register-again = Register again
reg-check-in-code = Code to show at the door
reg-accept = I accept the seat
reg-change-title = Change or cancel
reg-seats-change-hint = You can lower the number of seats at any time, or raise it while seats remain.
reg-seats-submit = Change the number of seats
reg-cancel-link = Cancel my registration
reg-my-data = My information
reg-export-link = Download my data
reg-delete-link = Delete my information
reg-keep-link = Keep this link: it is personal and lets you manage your registration without an account.
reg-done-registered = Done! You will receive a confirmation email.
reg-done-cancelled = Your registration is cancelled. Thank you for letting us know.
reg-done-seats = The number of seats is changed.
reg-done-accepted = You accepted the seat: your registration is confirmed.

reg-cancel-title = Cancel my registration
reg-cancel-question = Do you really want to cancel your registration for “{ $title }” ({ $when })?
reg-cancel-confirm = Yes, cancel my registration
reg-cancel-keep = No, back to my registration

reg-delete-title = Delete my information
reg-delete-explain = We will erase your name, email, phone and particular needs. Only an anonymous count is kept. The manage link will stop working.
reg-delete-cancels = Your registration for “{ $title }” will be cancelled first.
reg-delete-confirm = Delete my information
reg-deleted-title = Information deleted
reg-deleted-text = Your personal information has been erased.

reg-privacy-title = Privacy
reg-privacy-intro = Babillard collects as little information as possible, under Québec's Act respecting the protection of personal information in the private sector (Law 25).
reg-privacy-what-title = What we collect
reg-privacy-what = Your name, email address, phone if you give it, the number of seats and your particular needs if you state them.
reg-privacy-why-title = Why
reg-privacy-why = Only to manage your registration: confirm your seat, tell you about a change or cancellation, welcome you on site. It is never sold or used for advertising.
reg-privacy-how-long-title = For how long
reg-privacy-how-long = It is erased { $days } days after the activity; only anonymous counts are kept.
reg-privacy-rights-title = Your rights
reg-privacy-rights = The link you received by email lets you see, download or delete your information at any time. For any question, write to the organisation offering the activity.

# Manage page: the person's own calendar feed, and the label of a filled-in field.
reg-needs-label = Special needs
reg-calendar-title = In my calendar
reg-calendar-intro = Add your registrations to the calendar on your phone, tablet or computer. If the activity moves to another time or place, your calendar updates by itself.
reg-calendar-add = Add to my calendar
reg-calendar-web-label = Web link of my calendar (for Google Calendar: "Other calendars", "+", "From URL")
reg-calendar-show-link = Show the link for Google Calendar
# Title of the form page shown again with errors (read first by screen readers).
reg-title-error = Error: { $title }
reg-calendar-waitlisted = You are on the waiting list: the activity will appear in your calendar as soon as a seat is confirmed for you.
reg-submit-waitlist = Join the waiting list
reg-full-elsewhere = This activity is full and has no waiting list. Other activities by the same organisation:

# Retries of the API: the header that names a submission.
reg-error-idempotency-key = The Idempotency-Key header must be 16 to 255 visible characters (a UUID will do).
# The manage page's calendar holds this registration only; all of them come by email.
reg-calendar-one = This calendar holds this registration only.
reg-calendar-all-link = Get the link to all my activities by email
reg-privacy-links-title = Your personal links
reg-privacy-links = The links we send you (to manage a registration or see your activities) are not kept as such: we keep only a fingerprint of them, from which they cannot be found again. Your email address alone opens nothing: the link is always sent to that address.

# « Mes activités »: all of a person's registrations, through a link sent to their address.
act-title = My activities
act-intro = Get the link to all your registrations by email, with the calendar that brings them together. To protect your privacy, this link is sent only to the email address you registered with.
act-field-email = Your email address
act-field-email-hint = The address you gave when you registered.
act-submit = Send me the link
act-errors = Something needs to be fixed:
act-sent-title = Check your email
act-sent = If registrations exist for this address, a message has just been sent to it with the link to your activities. It may take a few minutes to arrive; check your junk mail too.
act-list-intro = Your upcoming and recent registrations.
act-empty = No upcoming registration for now.
act-calendar-intro = Add your confirmed activities to the calendar of your phone, tablet or computer: it will update by itself.
act-manage-hint = To change or cancel a registration, use the link you received by email for that registration.
act-keep-link = Keep this link to yourself: it opens the list of your registrations.
act-subscribe = Registered for activities?
act-status-waitlisted = You are on the waiting list.
