//! The typeface Babillard draws with where no browser does the drawing: DejaVu Sans
//! (regular and bold; Bitstream Vera licence, `assets/fonts/LICENSE.txt`), which covers
//! every French accent. Certificates of attendance embed it in their PDF; charts measure
//! their SVG labels with it.

/// DejaVu Sans, regular (TrueType).
pub const SANS: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans, bold (TrueType).
pub const SANS_BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");
