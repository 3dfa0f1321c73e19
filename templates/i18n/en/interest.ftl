## Interest lists: "Let me know" (public page, emails, back office)

interest-title = Let me know
interest-intro = No workshop on this topic near you yet? Leave your name and email: we will write to you as soon as a workshop is announced, before everyone else.
interest-field-topic = Topic
interest-field-municipality = Municipality
interest-field-name = Your name
interest-field-email = Your email address
interest-field-email-hint = We will write only once per topic, when a workshop is announced.
interest-field-consent = I agree that Babillard keeps my name and email to let me know. I can leave at any time with the link I receive by email.
interest-choose = Choose
interest-submit = Let me know
interest-errors = Please fix the following:
interest-error-topic = Choose a topic from the list.
interest-error-municipality = Choose a municipality from the list.
interest-error-name = Enter your name (at least 2 letters).
interest-error-email-required = Enter your email address.
interest-error-email = This email address looks incomplete. Example: name@example.ca
interest-error-consent = Tick the box so that we can let you know.
interest-error-head-start = The head start must be between 0 and 168 hours (one week).
interest-sent-title = Noted
interest-sent = Thank you! A confirmation email is on its way to the address given, with a link to leave the list.
interest-manage-title = My "Let me know" request
interest-manage-waiting = You will be told when a workshop on { $topic } takes place in { $municipality }.
interest-manage-told = You were told about a workshop on { $topic } in { $municipality }.
interest-manage-see = See the workshop
interest-remove = Take me off the list
interest-remove-hint = Your name and email will be erased.
interest-removed-title = You are off the list
interest-removed = Your name and email are erased. You will receive no more messages about this request.
interest-calendar-link = No workshop yet — let me know
interest-head-start = Head start given to interest lists (hours)
interest-head-start-hint = People on a "Let me know" list receive the announcement of a new workshop this many hours before the public. 0: at the same time as everyone.

## Back office: demand

interest-nav = Demand
interest-demand-title = Demand by municipality and topic
interest-demand-intro = Number of people waiting for a workshop, by municipality and topic. They will be told as soon as a matching workshop is published.
interest-demand-municipality = Municipality
interest-demand-topic = Topic
interest-demand-count = People waiting
interest-demand-none = Nobody is waiting for a workshop at the moment.
interest-add-title = Add a person who phoned
interest-add-intro = For someone who called you or came to the desk. They will receive a confirmation email.
interest-field-organisation = For the organisation
interest-field-lang = The person's language
interest-lang-fr = French
interest-lang-en = English
interest-staff-consent = The person agreed on the phone that we keep their name and email to let them know.
interest-add-submit = Add to the list
admin-done-interest-added = The person is added to the list.
admin-done-interest-already = This person was already on this list.

## Emails

mail-subject-interest_confirm = We will let you know
mail-intro-interest_confirm = Noted: we will write to you as soon as a workshop on { $topic } is announced in { $municipality }.
mail-subject-interest_match = New workshop: { $title }
mail-intro-interest_match = A workshop on { $topic } has just been announced in { $municipality }. You are among the first to know: register before the public announcement.
mail-interest-register = To register, open the workshop's page:
mail-interest-leave = To leave the list and erase your name and email:
mail-interest-leave-button = Take me off the list
