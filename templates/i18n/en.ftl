# Babillard — English texts. Keys are the same as in fr.ftl.

## Layout
site-name = Babillard
site-tagline = Digital skills workshops in the region
skip-to-content = Skip to content
nav-calendar = Upcoming activities
nav-month = Calendar
nav-subscribe = Subscribe to the calendar
switch-language = Français
footer-about = Babillard brings together the digital activities of the region's libraries, RCMs and community organisations.
footer-privacy = Privacy
footer-open-data = Open data
footer-feed = The calendar on my phone

## Home and filters
home-title = Digital workshops and activities
home-intro = Find a workshop near you and register in a minute, no account needed.
home-count = { $count ->
    [0] No activity matches your search.
    [one] One activity
   *[other] { $count } activities
}
home-empty-hint = Try removing a filter or widening the dates.
home-reset = See all activities
filters-title = Filter activities
filters-region = Region
filters-mrc = Territory (RCM)
filters-municipality = Municipality
filters-audience = For whom
filters-topic = Topic
filters-kind = Kind of activity
filters-format = Format
filters-from = From
filters-to = Until
filters-free = Free only
filters-any = Any
filters-around = And around
filters-around-none = This municipality only
filters-around-km = Up to { $km } km around
error-bad-radius = The “around” filter takes a distance among { $radii } (in km), not “{ $value }”.
filters-apply = Show activities
filters-subscribe = Get these activities in my calendar
pager-previous = Previous page
pager-next = Next page
pager-status = Page { $page } of { $pages }

## Session page
session-when = When
session-where = Where
session-who = For whom
session-topics = Topics
session-trainers = Led by
session-organiser = Organised by
session-programme = Part of
session-level = Level
session-language = Language
session-price = Price
session-bring = What to bring
session-access = Getting there and access
card-for-whom = For: { $list }
session-format = Format
session-online-link = Link to join
session-online-after = The link to join is sent to registered people.
session-cancelled = This activity is cancelled.
session-cancel-reason = Reason: { $reason }
session-seats = Seats
session-capacity = { $count } seats in all
session-waitlist-count = { $count ->
    [0] Nobody on the waitlist
    [one] One person on the waitlist
   *[other] { $count } people on the waitlist
}
session-max-seats = Up to { $count } seats per registration (to bring someone along).
session-closes = Registration until { $date }
session-print = Print
session-details = Details
session-cta-hint = No account needed; it takes a minute.
session-cta-free = It is free.
session-add-date = Add the date to my calendar
session-add-date-hint-register = Only adds the date and place to your calendar: it does not register you.
session-add-date-hint = Adds the date and place to your calendar.
venue-room = Room: { $room }
venue-step-free = Step-free access
venue-not-step-free = Access with steps
venue-wifi = Wi-Fi on site
venue-computers = { $count ->
    [0] No computer on site: bring your device.
    [one] One computer on site
   *[other] { $count } computers on site
}
venue-map = See on the map
place-online = Online

## Availability
avail-cancelled = Cancelled
avail-ended = Ended
avail-drop-in = Drop in, no registration
avail-not-yet-open = Registration opens { $date }
avail-closed = Registration closed
avail-open = Seats available
avail-seats-left = { $count ->
    [one] Only one seat left
   *[other] { $count } seats left
}
avail-waitlist = Full — waitlist open
avail-full = Full

## Vocabulary
format-in_person = In person
format-online = Online
format-hybrid = In person or online
level-tous = All levels
level-debutant = Beginner
level-intermediaire = Intermediate
level-avance = Advanced
session-language-fr = French
session-language-en = English
session-language-bilingue = Bilingual

## Programmes and organisations
event-sessions = { $count ->
    [0] No activity published yet.
    [one] One activity
   *[other] { $count } activities
}
event-organiser = Organised by
event-no-track = Other activities
org-upcoming = Upcoming activities
org-programmes = Programmes
org-venues = Venues
org-contact = Contact us
org-none = No upcoming activity for now.

## Calendar
calendar-title = Calendar of activities
calendar-views = Calendar display
calendar-month = Month
calendar-week = Week
calendar-list = List
calendar-previous = Previous
calendar-next = Next
# Said in full: "Previous" alone does not say a month or a week.
calendar-previous-month = Previous month
calendar-next-month = Next month
calendar-previous-week = Previous week
calendar-next-week = Next week

## Errors
error-title = Something went wrong
error-back-home = Back to the calendar
error-not-found = We could not find this page. The link may be incomplete, or the activity was removed.
error-forbidden = You do not have access to this page or action.
error-unauthorized = You need to sign in to do this.
error-invalid = Some information needs correcting.
error-too-many-requests = Too many attempts in a short time. Wait a minute, then try again.
error-unavailable = The service is briefly unavailable. Try again in a few minutes.
error-internal = An unexpected error happened on our side. Nothing was changed; please try again later.
error-conflict = This operation conflicts with existing data.
error-bad-filter = The filter “{ $field }” does not accept the value “{ $value }”.
error-bad-range = The end date ({ $to }) is before the start date ({ $from }).
error-date-out-of-range = The date “{ $value }” of the “{ $field }” filter is outside the period covered ({ $first } to { $last }).
error-range-too-long = The requested period is longer than { $days } days: choose closer dates.
error-nul-character = The address holds a null character (%00), which nobody types: check the link.
error-unknown-filter-value = No “{ $value }” for the filter “{ $field }”.
error-unknown-organisation = No organisation has this number.
error-malformed = The request is malformed: { $detail }
error-method = This address does not accept this method.
error-too-large = The request is too large.
error-media-type = The format sent is not accepted (expected: JSON or a form).
error-title-not-found = Page not found
calendar-none-in-period = No activities in this period.
print-details-at = Details and registration: { $url }

## Printed programme
print-title = Programme
print-help = This page is made to be printed in large type: use your browser's Print command (Ctrl+P). Each activity fits on one page.
print-back-to-calendar = See this month in the calendar
print-how-to-register = To register or learn more: type the address written under the activity into your browser, or point your phone's camera at the QR code. The whole programme: { $site }
print-short-address = Web address:
print-link = This month's programme to print (large type)
print-cancelled = Cancelled

## Widget
embed-title = Upcoming activities
embed-none = No upcoming activities for now.
embed-more = { $count ->
    [one] See the activity in the calendar
   *[other] See all { $count } activities in the calendar
}
embed-calendar = See the regional calendar
