# Storm: cancel a day's sessions in an area (issue 15).
storm-title = Cancel a day (storm)
storm-intro = A snowstorm, freezing rain, a power cut across an area? Choose the day and the area: you will first see each activity that would be cancelled and how many people would be told. Online activities are left alone.
storm-day = Day to cancel
storm-area = Area
storm-choose = Choose an area
storm-area-organisations = Your organisations
storm-area-mrcs = Regional county (MRC)
storm-area-towns = Towns
storm-reason = Reason, told to each person
storm-reason-hint = For example: “Snowstorm: the roads are closed.”
storm-again = Replacement date (optional)
storm-again-hint = Each activity is offered again on that day, at the same time; registrations for free activities are carried over in the same order.
storm-preview = See what would be cancelled
storm-preview-title = Activities on { $day } in this area
storm-nothing = No in-person activity on that day in this area, among those you manage.
storm-summary = { $sessions ->
    [one] 1 activity would be cancelled
   *[other] { $sessions } activities would be cancelled
} and { $people ->
    [0] nobody would be told.
    [one] 1 person would be told by email.
   *[other] { $people } people would be told by email.
}
storm-summary-again = Each activity would be given again on { $day }.
storm-which = Activities to cancel (untick those that go ahead anyway)
storm-people = { $count ->
    [0] no registration
    [one] 1 person to tell
   *[other] { $count } people to tell
}
storm-paid = paid: online payments will be refunded and registrations are not carried over
storm-warning = Each registered person will get a cancellation email, with the notice that removes the activity from their calendar. This cannot be undone.
storm-submit = Cancel these activities and tell the people
storm-done = { $sessions ->
    [one] 1 activity cancelled
   *[other] { $sessions } activities cancelled
}, { $people ->
    [one] 1 person told.
   *[other] { $people } people told.
}
storm-done-again = { $sessions ->
    [one] 1 activity given again
   *[other] { $sessions } activities given again
} on the chosen date, { $people ->
    [one] 1 registration carried over.
   *[other] { $people } registrations carried over.
}
storm-new-session = Activity given again (no. { $id })
storm-error-day = Choose the day to cancel.
storm-error-past = That day is already past.
storm-error-area = Choose an area.
storm-error-again = This replacement date is not a valid date.
storm-error-again-before = The replacement date must come after the cancelled day.
