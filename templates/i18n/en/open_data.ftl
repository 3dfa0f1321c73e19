# Open data (issue 17): the /open-data page, the files' columns and the DCAT
# description. Column names stay in English (like the API's).

opendata-title = Open data
opendata-intro = The region's programme of public activities (workshops, talks, digital days) is published as open data: anyone may download it, reuse it and publish it again, for example on the Données Québec portal, on a town's website or in an app.

opendata-files-title = The files
opendata-file-csv = Activities, as CSV (spreadsheet)
opendata-file-csv-hint = UTF-8 with a BOM, a comma between cells (a file for programs first; a spreadsheet asks for the separator when opening it), a header line, quotes as RFC 4180 says.
opendata-file-json = Activities, as JSON
opendata-file-json-hint = the same rows; lists as arrays, numbers as numbers, null for an empty cell.
opendata-file-dcat = Description of the dataset, as DCAT-AP (JSON-LD)
opendata-file-dcat-hint = for portals that harvest data catalogues, such as Données Québec.
opendata-api = To search and filter live, seats left included:
opendata-api-link = the JSON API and its OpenAPI description

opendata-holds-title = What the files hold
opendata-holds = Every public activity, scheduled or cancelled, that started less than { $years } years ago, and every upcoming one: title, programme, organisation, kind, dates and times, place, topics, audiences, price, number of seats and language.

opendata-never-title = What they never hold
opendata-never = No personal data: no name, email or phone of participants, trainers or staff, and no registration. Drafts and activities not yet announced to the public are left out too.

opendata-licence-title = Licence
opendata-licence = The files are published by { $publisher } under the licence
opendata-attribution = When you reuse them, name the source: “{ $publisher }, Babillard calendar”.
opendata-contact = A question about this data? Write to

opendata-updates-title = Updates
opendata-updates = Live: the files are generated from the calendar's database and kept in memory for a few minutes at most. An activity added, changed or cancelled shows at once; the updated_at column says when each one last changed.

opendata-columns-title = The columns
opendata-columns-intro = In the CSV file's order; the JSON has the same keys. A cell with several values separates them with “{ $separator }”.
opendata-col-id = Number of the activity (never changes).
opendata-col-url = Address of the activity's page (details and registration).
opendata-col-title = Title.
opendata-col-event = Programme the activity belongs to.
opendata-col-organisation = Organisation offering it.
opendata-col-kind = Kind of activity (hands-on workshop, talk…).
opendata-col-starts_at = Start, in Québec time with its offset (ISO 8601, e.g. 2026-03-14T13:30:00-04:00).
opendata-col-ends_at = End, the same way.
opendata-col-status = scheduled, rescheduled (moved to another time or day) or cancelled.
opendata-col-previous_starts_at = For a moved activity: the start announced before its latest move.
opendata-col-format = in_person, online or hybrid (both).
opendata-col-municipality = Municipality.
opendata-col-mrc = MRC (regional county municipality).
opendata-col-venue = Name of the venue, or the place as a partner's calendar wrote it; empty online.
opendata-col-address = Address of the venue.
opendata-col-postal_code = Postal code of the venue.
opendata-col-latitude = Latitude of the venue, in degrees, when known.
opendata-col-longitude = Longitude of the venue, in degrees, when known.
opendata-col-topics = Topics (names in French).
opendata-col-audiences = Audiences (names in French).
opendata-col-registration_required = true: registration required; false: drop in.
opendata-col-price_cad = Price of one seat, in Canadian dollars (0: free).
opendata-col-seats = Seats offered; empty: no limit, or no registration.
opendata-col-language = Language of the activity: fr, en or bilingue (both).
opendata-col-updated_at = Latest change of the activity.
opendata-formula = In the CSV, a text cell that would start with =, +, - or @ starts with an apostrophe, so that a spreadsheet does not run it as a formula; the JSON keeps the exact text.
opendata-seats-left = Seats left are not in them: they change with every registration. The API gives them live.

## DCAT description
opendata-dataset-title = Public digital-literacy activities
opendata-dataset-description = The regional calendar of public digital-literacy activities (hands-on workshops, talks, digital days) offered by libraries, MRCs and community organisations: dates, places, topics, audiences, prices and seats. Without any personal data.
opendata-keywords = digital literacy, digital inclusion, workshops, training, libraries, seniors, digital days, calendar
opendata-csv-title = Public activities (CSV)
opendata-json-title = Public activities (JSON)
