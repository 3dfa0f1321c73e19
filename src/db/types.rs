//! The domain's closed vocabularies (`text_enum!`) as columns: each is stored as its
//! text in a TEXT column, on both backends and through [`super::DbConnection`]. The
//! schema stays TEXT, so no migration; a text the enum does not know is a read error,
//! never a silent default.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::expression::AsExpression;
use diesel::internal::derives::as_expression::Bound;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::{Nullable, SingleValue, Text};

/// What `#[derive(AsExpression, FromSqlRow)]` with `sql_type = Text` would give, for
/// enums defined in the domain (which names no database crate), plus `ToSql`/`FromSql`
/// through the enum's text.
macro_rules! text_columns {
    ($($t:ty),+ $(,)?) => {$(
        impl<DB> ToSql<Text, DB> for $t
        where
            DB: Backend,
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                <str as ToSql<Text, DB>>::to_sql(self.as_str(), out)
            }
        }

        impl<DB> ToSql<Nullable<Text>, DB> for $t
        where
            DB: Backend,
            $t: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                <$t as ToSql<Text, DB>>::to_sql(self, out)
            }
        }

        impl<DB> FromSql<Text, DB> for $t
        where
            DB: Backend,
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                let text = <String as FromSql<Text, DB>>::from_sql(bytes)?;
                <$t>::parse(&text).ok_or_else(|| {
                    format!("{:?} is not a known {}", text, stringify!($t)).into()
                })
            }
        }

        impl<DB, ST> Queryable<ST, DB> for $t
        where
            DB: Backend,
            ST: SingleValue,
            $t: FromSql<ST, DB>,
        {
            type Row = Self;

            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }

        impl AsExpression<Text> for $t {
            type Expression = Bound<Text, Self>;

            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl AsExpression<Nullable<Text>> for $t {
            type Expression = Bound<Nullable<Text>, Self>;

            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl<'e> AsExpression<Text> for &'e $t {
            type Expression = Bound<Text, Self>;

            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl<'e> AsExpression<Nullable<Text>> for &'e $t {
            type Expression = Bound<Nullable<Text>, Self>;

            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }
    )+};
}

text_columns!(
    crate::domain::registration::Status,
    crate::domain::registration::Source,
    crate::domain::registration::WaitlistMode,
    crate::domain::session::SessionStatus,
    crate::domain::session::EventStatus,
    crate::domain::session::Format,
    crate::domain::session::Level,
    crate::domain::access::Role,
);

// Outgoing webhooks (issue 12, item 10).
text_columns!(
    crate::domain::webhooks::WebhookEvent,
    crate::domain::webhooks::DeliveryState,
);

// Paid sessions (issue 13).
text_columns!(
    crate::domain::payment::PayMethod,
    crate::domain::payment::PayStatus,
    crate::domain::payment::PaidVia,
    crate::domain::payment::LatePayment,
);

// Volunteer helpers (issue 17).
text_columns!(crate::domain::helpers::ShiftStatus);

// Workshop requests (issue 17, part 2).
text_columns!(
    crate::domain::request::RequestState,
    crate::domain::request::Service,
    crate::domain::request::GroupKind,
    crate::domain::request::RateUnit,
);
