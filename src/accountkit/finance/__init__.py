"""Finance: receivables and debtor days, revenue against contract, forecasting.

Floor 2 of accountkit. It may use :mod:`accountkit.contracts` (payment terms,
billing schedules).

- Receivables: :class:`Invoice` (optionally in instalments), :class:`Payment`
  and :class:`CreditNote`; :func:`open_items` rebuilds what is open on any day;
  :func:`ageing` (and :func:`ageing_arrays`) give the aged debt report.
- Debtor days: :func:`simple_dso`, :func:`countback_dso` (and
  :func:`countback_dso_arrays`), :func:`best_possible_dso`,
  :func:`average_days_delinquent`, :func:`collection_effectiveness`,
  :func:`average_days_to_pay` and :func:`days_beyond_terms`.
- Revenue against contract: :func:`revenue_variance` (per period and to
  date, from :func:`contracted_by_period` and :func:`billed_by_period`),
  :func:`attainment` of a year with run-rate and forecast projections; the
  causes: :func:`price_volume_mix`, :func:`revenue_leakage`,
  :func:`unconsumed_caps`, and the :func:`order_book`; :func:`plot_revenue`
  draws it (matplotlib).
- Forecasting: :func:`forecast` fits an exponential smoothing model
  (:class:`SmoothingMethod`) to one series with prediction intervals;
  :func:`forecast_many` fits many series at once as arrays.
- Share of wallet: :func:`share_of_wallet`, :func:`wallet_by_service_line` and
  :func:`portfolio_wallet` (share, whitespace, mix), the Wallet Allocation
  Rule (:func:`wallet_allocation`) and :func:`penetration`.
"""

from typing import TYPE_CHECKING

from accountkit._publish import lazy, publish
from accountkit.finance._ageing import (
    AgeingArrays,
    AgeingReport,
    AgeingRow,
    ageing,
    ageing_arrays,
)
from accountkit.finance._debtor_days import (
    CountbackArrays,
    CountbackDso,
    Settlement,
    average_days_delinquent,
    average_days_to_pay,
    best_possible_dso,
    collection_effectiveness,
    countback_dso,
    countback_dso_arrays,
    days_beyond_terms,
    simple_dso,
)
from accountkit.finance._documents import CreditNote, Instalment, Invoice, Payment
from accountkit.finance._forecasting import (
    DAMPING_BOUNDS,
    MAX_HORIZON,
    MAX_MAGNITUDE,
    Candidate,
    Forecast,
    ForecastArrays,
    InitialState,
    Smoothing,
    SmoothingMethod,
    StatePaths,
    forecast,
    forecast_many,
)
from accountkit.finance._fx import Conversion, FxQuote, FxRate, FxRates
from accountkit.finance._open_items import ItemKind, OpenItem, open_items
from accountkit.finance._revenue import (
    Attainment,
    PeriodVariance,
    RevenueVariance,
    attainment,
    billed_by_period,
    contracted_by_period,
    revenue_variance,
)
from accountkit.finance._wallet import (
    DEFAULT_RATE_PLACES,
    Penetration,
    PortfolioWallet,
    ServiceLineShare,
    WalletAllocation,
    WalletReport,
    WalletShare,
    penetration,
    portfolio_wallet,
    share_of_wallet,
    wallet_allocation,
    wallet_by_service_line,
)

if TYPE_CHECKING:  # served lazily (_LAZY, at the end): the review never uses them
    from accountkit.finance._backtest import Accuracy, Backtest, backtest
    from accountkit.finance._plot import plot_revenue
    from accountkit.finance._variance import (
        BacklogPeriod,
        Delivery,
        ItemStatus,
        ItemVariance,
        LeakageLine,
        LineItem,
        OrderBook,
        PriceVolumeMix,
        RevenueLeakage,
        UnconsumedCap,
        order_book,
        price_volume_mix,
        revenue_leakage,
        unconsumed_caps,
    )

__all__ = [
    "DAMPING_BOUNDS",
    "DEFAULT_RATE_PLACES",
    "MAX_HORIZON",
    "MAX_MAGNITUDE",
    "Accuracy",
    "AgeingArrays",
    "AgeingReport",
    "AgeingRow",
    "Attainment",
    "BacklogPeriod",
    "Backtest",
    "Candidate",
    "Conversion",
    "CountbackArrays",
    "CountbackDso",
    "CreditNote",
    "Delivery",
    "Forecast",
    "ForecastArrays",
    "FxQuote",
    "FxRate",
    "FxRates",
    "InitialState",
    "Instalment",
    "Invoice",
    "ItemKind",
    "ItemStatus",
    "ItemVariance",
    "LeakageLine",
    "LineItem",
    "OpenItem",
    "OrderBook",
    "Payment",
    "Penetration",
    "PeriodVariance",
    "PortfolioWallet",
    "PriceVolumeMix",
    "RevenueLeakage",
    "RevenueVariance",
    "ServiceLineShare",
    "Settlement",
    "Smoothing",
    "SmoothingMethod",
    "StatePaths",
    "UnconsumedCap",
    "WalletAllocation",
    "WalletReport",
    "WalletShare",
    "ageing",
    "ageing_arrays",
    "attainment",
    "average_days_delinquent",
    "average_days_to_pay",
    "backtest",
    "best_possible_dso",
    "billed_by_period",
    "collection_effectiveness",
    "contracted_by_period",
    "countback_dso",
    "countback_dso_arrays",
    "days_beyond_terms",
    "forecast",
    "forecast_many",
    "open_items",
    "order_book",
    "penetration",
    "plot_revenue",
    "portfolio_wallet",
    "price_volume_mix",
    "revenue_leakage",
    "revenue_variance",
    "share_of_wallet",
    "simple_dso",
    "unconsumed_caps",
    "wallet_allocation",
    "wallet_by_service_line",
]

_LAZY = (
    "accountkit.finance._backtest",
    "accountkit.finance._plot",
    "accountkit.finance._variance",
)
__getattr__, __dir__ = lazy(__name__, globals(), _LAZY)
publish(__name__, globals(), [name for name in __all__ if name in globals()])
