# After the session (issue 14): thank-you, survey, certificate, next steps, no-shows.

## Emails
mail-subject-follow_up_thanks = Thank you for coming: { $title }
mail-subject-follow_up_no_show = Couldn't make it? No worries.
mail-intro-follow_up_thanks = Thank you for taking part in this workshop! We hope it was useful to you.
mail-intro-follow_up_no_show = Couldn't make it? No worries, it happens to everyone. You can sign up for another date whenever you like.
mail-follow-up-survey = Three short questions to help us do better (one minute):
mail-follow-up-survey-button = Answer the three questions
mail-follow-up-certificate = Your certificate of attendance (PDF):
mail-follow-up-certificate-button = Download my certificate
mail-follow-up-next = To keep going, the next workshops on the same topic near you:
mail-follow-up-next-dates = The next dates:
mail-follow-up-no-dates = No other date is planned for now. See the calendar:
mail-follow-up-full = full, waiting list
mail-follow-up-help = Would you like someone from the organisation to help you one-on-one?
mail-follow-up-help-button = I would like personal help
mail-no-show-hold = Why the waiting list? The organisation first keeps seats for people who have not missed activities recently. It is not a penalty: seats often free up, and the team can also give you one. Your registration is saved.

## Survey
outcome-survey-title = Your opinion of the workshop
outcome-survey-intro = Three questions, one minute. Your answers help the organisation improve its workshops.
outcome-survey-useful = Was this workshop useful to you?
outcome-survey-clear = Were the explanations clear?
outcome-survey-next = What would you like to learn next?
outcome-survey-next-hint = Optional. For example: video calls, photos, paying safely online.
outcome-survey-submit = Send my answers
outcome-survey-thanks = Thank you for your answers!
outcome-survey-already = Thank you, we already have your answer.
outcome-survey-your-answer = Your answer
outcome-rating-no = No
outcome-rating-a-little = A little
outcome-rating-yes = Yes
outcome-not-present-title = For people who attended
outcome-not-present = The survey, the certificate and personal help are offered to people whose attendance was recorded at the workshop. If you were there, write to the organisation: they can correct it.
outcome-back-to-registration = Back to my registration

## Personal help
outcome-follow-up-title = I would like personal help
outcome-follow-up-intro = Someone from { $organisation } will contact you to help, at your own pace.
outcome-follow-up-contact = How would you prefer to be reached?
outcome-follow-up-by-email = By email ({ $email })
outcome-follow-up-by-phone = By phone
outcome-follow-up-phone = Phone number
outcome-follow-up-phone-hint = Only if you prefer the phone.
outcome-follow-up-message = A note for the organisation
outcome-follow-up-message-hint = Optional. Tell us what would help you.
outcome-follow-up-submit = Send my request
outcome-follow-up-sent = Done! The organisation received your request and will contact you.
outcome-follow-up-existing = We already have your request, sent on { $date }.
outcome-follow-up-done = The organisation marked it as handled on { $date }.
outcome-follow-up-your-request = Your request

## Certificate (PDF)
outcome-cert-link = Download my certificate of attendance (PDF)
outcome-cert-heading = Certificate of attendance
outcome-cert-intro = This certifies that
outcome-cert-attended = attended the workshop
outcome-cert-hours = from { $hours } (duration: { $duration })
outcome-cert-organisation = Offered by { $organisation }
outcome-cert-trainers = Led by { $trainers }
outcome-cert-footer = Babillard — certificate issued on { $date }
outcome-duration = { $minutes ->
    [0] { $hours } h
   *[other] { $hours } h { $minutes } min
}

## My registration page
outcome-manage-title = After the workshop
outcome-manage-survey = Give my opinion (three questions)
outcome-manage-hold = You are on the waiting list because the organisation first keeps seats for people who have not missed activities recently. It is not a penalty: seats often free up, and the team can give you one.

## Errors
outcome-error-choose-one = Choose an answer.
outcome-error-too-long = This text is too long ({ $max } characters at most).
outcome-error-phone-needed = Give the number where we can reach you.
outcome-error-no-email = We do not have your email: choose the phone.
outcome-error-range = Enter a number from { $min } to { $max }.

## Back office: requests for personal help
admin-nav-follow-ups = Personal help
admin-follow-ups-title = Requests for personal help
admin-follow-ups-intro = People who attended a workshop ask for one-on-one help. Contact them the way they prefer, then click “Done”.
admin-follow-ups-empty = No request for now.
admin-follow-ups-open = To do ({ $count })
admin-follow-ups-closed = Recently done
admin-follow-ups-person = Person
admin-follow-ups-session = Workshop
admin-follow-ups-contact = Preference
admin-follow-ups-message = Message
admin-follow-ups-asked = Asked on { $date }
admin-follow-ups-done-on = Done on { $date }
admin-follow-ups-by-email = Email: { $email }
admin-follow-ups-by-phone = Phone: { $phone }
admin-follow-ups-mark-done = Done
admin-follow-ups-mark-done-label = Mark { $name }'s request as done
admin-done-follow-up-done = Request marked as done.

## Back office: no-show policy and people list
admin-no-show-title = Repeated no-shows
admin-no-show-intro = After N no-shows within D days, new registrations go to the waiting list first. The person is told, kindly; the team may promote them at any time. Leave N empty not to apply this rule.
admin-no-show-limit = After N no-shows
admin-no-show-days = within D days
admin-no-show-save = Save the rule
admin-done-no-show-policy = No-show rule saved.
admin-no-show-held = waiting list: no-shows
