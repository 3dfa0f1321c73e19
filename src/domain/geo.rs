//! « À Lachute et autour (20 km) »: which towns lie within a distance of a town, from
//! the centroids the region's data carries. Great-circle distance (haversine) on a
//! sphere of the Earth's mean radius: for towns a few dozen kilometres apart it is
//! within a few metres of the ellipsoid, far finer than a centroid is.

/// A point in degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub latitude: f64,
    pub longitude: f64,
}

impl Point {
    /// A point from stored coordinates, when both are there and make sense.
    pub fn from_parts(latitude: Option<f64>, longitude: Option<f64>) -> Option<Point> {
        let (latitude, longitude) = (latitude?, longitude?);
        valid(latitude, longitude).then_some(Point {
            latitude,
            longitude,
        })
    }
}

/// Whether the pair is a place on Earth.
pub fn valid(latitude: f64, longitude: f64) -> bool {
    latitude.is_finite()
        && longitude.is_finite()
        && (-90.0..=90.0).contains(&latitude)
        && (-180.0..=180.0).contains(&longitude)
}

/// Degrees as a person types them, with a decimal point or a French decimal comma
/// (« 45,652 »).
pub fn parse_degrees(s: &str) -> Option<f64> {
    let s = s.trim().replace(',', ".");
    s.parse::<f64>().ok().filter(|d| d.is_finite())
}

const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Distance between two points, in kilometres.
pub fn distance_km(a: Point, b: Point) -> f64 {
    let (la1, la2) = (a.latitude.to_radians(), b.latitude.to_radians());
    let dla = la2 - la1;
    let dlo = (b.longitude - a.longitude).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// The radii a person can pick (km); the filter refuses others, so a feed URL names
/// one of a few shared answers.
pub const RADII_KM: &[u32] = &[10, 20, 30, 50];

/// The ids among `towns` within `km` of any of `centres` (each centre included, even
/// without coordinates: a town is always around itself).
pub fn around(
    centres: &[(i64, Option<Point>)],
    towns: &[(i64, Option<Point>)],
    km: u32,
) -> Vec<i64> {
    let mut out: Vec<i64> = centres.iter().map(|(id, _)| *id).collect();
    for (id, p) in towns {
        let Some(p) = p else { continue };
        let near = centres
            .iter()
            .filter_map(|(_, c)| *c)
            .any(|c| distance_km(c, *p) <= f64::from(km));
        if near && !out.contains(id) {
            out.push(*id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LACHUTE: Point = Point {
        latitude: 45.6519,
        longitude: -74.3367,
    };
    const MONTREAL: Point = Point {
        latitude: 45.5019,
        longitude: -73.5674,
    };

    #[test]
    fn distance_matches_the_map() {
        // Lachute to downtown Montréal is about 62 km as the crow flies.
        let d = distance_km(LACHUTE, MONTREAL);
        assert!((61.0..64.0).contains(&d), "{d}");
        assert_eq!(distance_km(LACHUTE, LACHUTE), 0.0);
        assert!((distance_km(LACHUTE, MONTREAL) - distance_km(MONTREAL, LACHUTE)).abs() < 1e-9);
    }

    #[test]
    fn around_keeps_the_centre_and_the_near_towns_only() {
        let brownsburg = Point {
            latitude: 45.6833,
            longitude: -74.4167,
        };
        let towns = [
            (1, Some(LACHUTE)),
            (2, Some(brownsburg)),
            (3, Some(MONTREAL)),
            (4, None),
        ];
        assert_eq!(around(&[(1, Some(LACHUTE))], &towns, 20), vec![1, 2]);
        assert_eq!(around(&[(1, Some(LACHUTE))], &towns, 50).len(), 2);
        assert_eq!(around(&[(1, Some(LACHUTE))], &towns, 100), vec![1, 2, 3]);
        // A centre without coordinates still matches itself, and nothing else.
        assert_eq!(around(&[(4, None)], &towns, 50), vec![4]);
    }

    #[test]
    fn degrees_read_with_a_comma_or_a_point() {
        assert_eq!(parse_degrees(" 45,652 "), Some(45.652));
        assert_eq!(parse_degrees("-74.339"), Some(-74.339));
        assert_eq!(parse_degrees("nord"), None);
        assert_eq!(parse_degrees("inf"), None);
    }

    #[test]
    fn nonsense_coordinates_are_not_a_point() {
        assert!(Point::from_parts(Some(91.0), Some(0.0)).is_none());
        assert!(Point::from_parts(Some(f64::NAN), Some(0.0)).is_none());
        assert!(Point::from_parts(Some(45.0), None).is_none());
        assert!(Point::from_parts(Some(45.0), Some(-74.0)).is_some());
    }
}
