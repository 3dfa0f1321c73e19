# Mail: strings of this area (en).

## Emails
mail-lang = en
mail-hello = Hello { $name },
mail-hello-anon = Hello,
mail-when = When:
mail-where = Where:
mail-online = Online
mail-online-link = Link to join:
mail-trainers = Led by:
mail-bring = What to bring:
mail-access = Access:
mail-directions = Getting there:
mail-details-link = All the details:
mail-details-link-html = See all the details of the activity
mail-check-in = Your check-in code: { $code }
mail-check-in-help = Show this code (on paper or on your phone) at the welcome desk on the day.
mail-invite-note = The attached invitation adds the activity to your calendar (or updates it).
mail-manage = To see, change or cancel your registration:
mail-manage-button = See or cancel my registration
mail-signature = See you soon,
mail-footer = Sent by Babillard, the region's calendar of digital-skills workshops:
mail-ics-manage = See or cancel your registration: { $url }
mail-seats = { $seats ->
    [one] one seat
   *[other] { $seats } seats
}

mail-subject-registration_confirmed = Registration confirmed: { $title }
mail-subject-registration_waitlisted = Waiting list: { $title }
mail-subject-registration_promoted = A seat for you: { $title }
mail-subject-offer_made = A seat is offered to you: { $title }
mail-subject-offer_expired = Seat offer expired: { $title }
mail-subject-registration_updated = Registration changed: { $title }
mail-subject-registration_cancelled = Registration cancelled: { $title }
mail-subject-session_cancelled = Activity cancelled: { $title }
mail-subject-session_changed = New time or place: { $title }
mail-subject-reminder = Reminder: { $title }
mail-subject-organiser_message = Message about: { $title }
mail-subject-password_reset = Reset your Babillard password

mail-intro-registration_confirmed = Your registration is confirmed ({ $seats ->
    [one] one seat
   *[other] { $seats } seats
}). We look forward to seeing you!
mail-intro-registration_waitlisted = The activity is full for now. You are on the waiting list, in position { $position }. We will write as soon as a seat frees up: there is nothing to do until then.
mail-intro-registration_promoted = Good news: a seat freed up and your registration is now confirmed ({ $seats ->
    [one] one seat
   *[other] { $seats } seats
}).
mail-intro-offer_made = Good news: a seat freed up for you. To take it, confirm before { $deadline } with the button below. Without an answer, it will be offered to the next person.
mail-intro-offer_expired = The time to confirm the seat offered to you has passed. It was offered to the next person on the waiting list.
mail-intro-registration_updated = Your registration was changed: you had { $previous ->
    [one] one seat
   *[other] { $previous } seats
}, you now have { $seats ->
    [one] one seat
   *[other] { $seats } seats
}.
mail-intro-registration_cancelled = Your registration is cancelled. The activity is removed from your calendar. Thank you for letting us know: your seat can go to someone else.
mail-intro-session_cancelled = We are sorry: the organisation cancelled this activity. The activity is removed from your calendar.
mail-reason = Reason: { $reason }
mail-sorry = Look at the calendar to find another activity that suits you.
mail-given-again-carried = The activity is given again on { $when }. Your registration is carried over: a confirmation email follows, with the invitation for your calendar.
mail-given-again = The activity is given again on { $when }. You can register for it again from the calendar.
mail-intro-session_changed = The activity you registered for has changed. Your registration is still valid.
mail-changed-time = Previous time: { $previous }
mail-changed-place = Previous place: { $previous }
mail-changed-place-only = The place has changed.
mail-changed-below = Here are the current time and place:
mail-intro-reminder = A friendly reminder: your activity is coming up soon. Here is what you need to know to get there.
mail-organiser-from = Message from { $name }:
mail-intro-password_reset = Someone (probably you) asked to reset your password. Open this link before { $deadline } to choose a new one:
mail-reset-ignore = If you did not ask for this, ignore this message: your password does not change.

## Calendars (ICS)
mail-feed-description = Digital-skills activities in the region, published by Babillard.
mail-feed-all = All activities
mail-feed-mine = My registrations
mail-add-to-calendar = Add to my calendar

## Subscribe page
mail-subscribe-title = Subscribe to the calendar
mail-subscribe-intro = Tick what interests you, then add the calendar to your phone, tablet or computer once. New activities will appear by themselves, and so will changes.
mail-subscribe-choose = What interests you
mail-subscribe-none-hint = Tick nothing to get every activity.
mail-subscribe-organisations = Organisation
mail-subscribe-apply = Prepare my link
mail-subscribe-result = Your calendar: { $name }
mail-subscribe-webcal = Subscription link (phone, tablet, Outlook)
mail-subscribe-https = Web link (Google Calendar)
mail-subscribe-qr = With a phone: open the camera and point it at this code.
mail-subscribe-qr-alt = QR code of the subscription link
mail-subscribe-how = How to do it
mail-subscribe-iphone = iPhone or iPad
mail-subscribe-iphone-1 = Tap the subscription link above (or point the camera at the QR code).
mail-subscribe-iphone-2 = Tap "Subscribe", then "Add".
mail-subscribe-iphone-3 = The activities appear in the Calendar app.
mail-subscribe-android = Android or Google Calendar
mail-subscribe-android-1 = On a computer, open Google Calendar (calendar.google.com).
mail-subscribe-android-2 = On the left, next to "Other calendars", click "+", then "From URL".
mail-subscribe-android-3 = Paste the web link above and click "Add calendar". It then appears on your Android phone.
mail-subscribe-outlook = Outlook
mail-subscribe-outlook-1 = In Outlook, open the Calendar.
mail-subscribe-outlook-2 = Choose "Add calendar", then "Subscribe from web".
mail-subscribe-outlook-3 = Paste the web link above and confirm.
mail-subscribe-refresh = Your calendar checks for news a few times a day: a change can take a few hours to show.

# After a cancellation there is nothing left to change: the link shows the registration and the data.
mail-manage-cancelled = To look at your registration again or delete your information:
mail-manage-button-cancelled = See my registration
# An offer of a seat: the link leads to the page where the person takes it.
mail-manage-offer = To take the seat, open this link and press "I accept the seat":
mail-manage-button-offer = Take the seat

# A repeated registration: the link goes to the address, never to whoever typed it.
mail-subject-registration_link = Your registration link: { $title }
mail-intro-registration_link = Someone just asked to register for this activity with your email address. You are already registered: nothing has changed. Here is the link to see, change or cancel your registration.
mail-registration_link-ignore = If you did not ask for this, you can ignore this message: your registration stays the same and nobody else received this link.
# « Mes activités »: the link the person asked for by typing their address.
mail-subject-activities_link = My Babillard activities
mail-intro-activities_link = Here is the link to all your registrations, with the calendar to add to your phone or computer:
mail-activities_link-button = See my activities
mail-activities_link-keep = Keep this link to yourself: it opens the list of your registrations.
mail-activities_link-ignore = If you did not ask for this, ignore this message: nobody else received this link.
