"""ISO 4217 currency codes and the number of digits of their minor unit.

The table holds the codes of ISO 4217 List One (current currencies and funds) as
published by the maintenance agency in 2025, including the Caribbean guilder (XCG,
from 2025) and Zimbabwe Gold (ZWG, from 2024), plus a few codes withdrawn since
2023 that still appear in open ledgers (ANG, HRK, SLL, ZWL). Codes whose minor
unit ISO gives as "N.A." (precious metals, XDR, testing codes) are left out: they
are not currencies anyone invoices in.
"""

from types import MappingProxyType

__all__ = ["MINOR_UNITS"]

_ZERO_DIGIT = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE_DIGIT = "BHD IQD JOD KWD LYD OMR TND"
_FOUR_DIGIT = "CLF UYW"
_TWO_DIGIT = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL "
    "BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK "
    "DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HRK HTG "
    "HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL "
    "MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD "
    "PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL "
    "SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU "
    "UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL"
)

MINOR_UNITS = MappingProxyType(
    {
        code: digits
        for codes, digits in (
            (_ZERO_DIGIT, 0),
            (_TWO_DIGIT, 2),
            (_THREE_DIGIT, 3),
            (_FOUR_DIGIT, 4),
        )
        for code in codes.split()
    }
)
"""Read-only map from ISO 4217 alphabetic code to the digits of its minor unit."""
