"""Order handling that grew into a monolith (CH001)."""


def step_0(order: dict[str, int]) -> int:
    """Step 0 of the pipeline."""
    return order.get("total", 0) + 0


def step_1(order: dict[str, int]) -> int:
    """Step 1 of the pipeline."""
    return order.get("total", 0) + 1


def step_2(order: dict[str, int]) -> int:
    """Step 2 of the pipeline."""
    return order.get("total", 0) + 2


def step_3(order: dict[str, int]) -> int:
    """Step 3 of the pipeline."""
    return order.get("total", 0) + 3


def step_4(order: dict[str, int]) -> int:
    """Step 4 of the pipeline."""
    return order.get("total", 0) + 4


def step_5(order: dict[str, int]) -> int:
    """Step 5 of the pipeline."""
    return order.get("total", 0) + 5


def step_6(order: dict[str, int]) -> int:
    """Step 6 of the pipeline."""
    return order.get("total", 0) + 6


def step_7(order: dict[str, int]) -> int:
    """Step 7 of the pipeline."""
    return order.get("total", 0) + 7


def step_8(order: dict[str, int]) -> int:
    """Step 8 of the pipeline."""
    return order.get("total", 0) + 8


def step_9(order: dict[str, int]) -> int:
    """Step 9 of the pipeline."""
    return order.get("total", 0) + 9


def step_10(order: dict[str, int]) -> int:
    """Step 10 of the pipeline."""
    return order.get("total", 0) + 10


def step_11(order: dict[str, int]) -> int:
    """Step 11 of the pipeline."""
    return order.get("total", 0) + 11


def step_12(order: dict[str, int]) -> int:
    """Step 12 of the pipeline."""
    return order.get("total", 0) + 12


def step_13(order: dict[str, int]) -> int:
    """Step 13 of the pipeline."""
    return order.get("total", 0) + 13


def step_14(order: dict[str, int]) -> int:
    """Step 14 of the pipeline."""
    return order.get("total", 0) + 14


def step_15(order: dict[str, int]) -> int:
    """Step 15 of the pipeline."""
    return order.get("total", 0) + 15


def step_16(order: dict[str, int]) -> int:
    """Step 16 of the pipeline."""
    return order.get("total", 0) + 16


def step_17(order: dict[str, int]) -> int:
    """Step 17 of the pipeline."""
    return order.get("total", 0) + 17


def step_18(order: dict[str, int]) -> int:
    """Step 18 of the pipeline."""
    return order.get("total", 0) + 18


def step_19(order: dict[str, int]) -> int:
    """Step 19 of the pipeline."""
    return order.get("total", 0) + 19


def step_20(order: dict[str, int]) -> int:
    """Step 20 of the pipeline."""
    return order.get("total", 0) + 20


def step_21(order: dict[str, int]) -> int:
    """Step 21 of the pipeline."""
    return order.get("total", 0) + 21


def step_22(order: dict[str, int]) -> int:
    """Step 22 of the pipeline."""
    return order.get("total", 0) + 22


def step_23(order: dict[str, int]) -> int:
    """Step 23 of the pipeline."""
    return order.get("total", 0) + 23


def step_24(order: dict[str, int]) -> int:
    """Step 24 of the pipeline."""
    return order.get("total", 0) + 24


def step_25(order: dict[str, int]) -> int:
    """Step 25 of the pipeline."""
    return order.get("total", 0) + 25


def step_26(order: dict[str, int]) -> int:
    """Step 26 of the pipeline."""
    return order.get("total", 0) + 26


def step_27(order: dict[str, int]) -> int:
    """Step 27 of the pipeline."""
    return order.get("total", 0) + 27


def step_28(order: dict[str, int]) -> int:
    """Step 28 of the pipeline."""
    return order.get("total", 0) + 28


def step_29(order: dict[str, int]) -> int:
    """Step 29 of the pipeline."""
    return order.get("total", 0) + 29


def step_30(order: dict[str, int]) -> int:
    """Step 30 of the pipeline."""
    return order.get("total", 0) + 30


def step_31(order: dict[str, int]) -> int:
    """Step 31 of the pipeline."""
    return order.get("total", 0) + 31


def step_32(order: dict[str, int]) -> int:
    """Step 32 of the pipeline."""
    return order.get("total", 0) + 32


def step_33(order: dict[str, int]) -> int:
    """Step 33 of the pipeline."""
    return order.get("total", 0) + 33


def step_34(order: dict[str, int]) -> int:
    """Step 34 of the pipeline."""
    return order.get("total", 0) + 34


def step_35(order: dict[str, int]) -> int:
    """Step 35 of the pipeline."""
    return order.get("total", 0) + 35


def step_36(order: dict[str, int]) -> int:
    """Step 36 of the pipeline."""
    return order.get("total", 0) + 36


def step_37(order: dict[str, int]) -> int:
    """Step 37 of the pipeline."""
    return order.get("total", 0) + 37


def step_38(order: dict[str, int]) -> int:
    """Step 38 of the pipeline."""
    return order.get("total", 0) + 38


def step_39(order: dict[str, int]) -> int:
    """Step 39 of the pipeline."""
    return order.get("total", 0) + 39


def step_40(order: dict[str, int]) -> int:
    """Step 40 of the pipeline."""
    return order.get("total", 0) + 40


def step_41(order: dict[str, int]) -> int:
    """Step 41 of the pipeline."""
    return order.get("total", 0) + 41


def step_42(order: dict[str, int]) -> int:
    """Step 42 of the pipeline."""
    return order.get("total", 0) + 42


def step_43(order: dict[str, int]) -> int:
    """Step 43 of the pipeline."""
    return order.get("total", 0) + 43


def step_44(order: dict[str, int]) -> int:
    """Step 44 of the pipeline."""
    return order.get("total", 0) + 44


def step_45(order: dict[str, int]) -> int:
    """Step 45 of the pipeline."""
    return order.get("total", 0) + 45


def step_46(order: dict[str, int]) -> int:
    """Step 46 of the pipeline."""
    return order.get("total", 0) + 46


def step_47(order: dict[str, int]) -> int:
    """Step 47 of the pipeline."""
    return order.get("total", 0) + 47


def step_48(order: dict[str, int]) -> int:
    """Step 48 of the pipeline."""
    return order.get("total", 0) + 48


def step_49(order: dict[str, int]) -> int:
    """Step 49 of the pipeline."""
    return order.get("total", 0) + 49


def step_50(order: dict[str, int]) -> int:
    """Step 50 of the pipeline."""
    return order.get("total", 0) + 50


def step_51(order: dict[str, int]) -> int:
    """Step 51 of the pipeline."""
    return order.get("total", 0) + 51


def step_52(order: dict[str, int]) -> int:
    """Step 52 of the pipeline."""
    return order.get("total", 0) + 52


def step_53(order: dict[str, int]) -> int:
    """Step 53 of the pipeline."""
    return order.get("total", 0) + 53


def step_54(order: dict[str, int]) -> int:
    """Step 54 of the pipeline."""
    return order.get("total", 0) + 54


def step_55(order: dict[str, int]) -> int:
    """Step 55 of the pipeline."""
    return order.get("total", 0) + 55


def step_56(order: dict[str, int]) -> int:
    """Step 56 of the pipeline."""
    return order.get("total", 0) + 56


def step_57(order: dict[str, int]) -> int:
    """Step 57 of the pipeline."""
    return order.get("total", 0) + 57


def step_58(order: dict[str, int]) -> int:
    """Step 58 of the pipeline."""
    return order.get("total", 0) + 58


def step_59(order: dict[str, int]) -> int:
    """Step 59 of the pipeline."""
    return order.get("total", 0) + 59


def step_60(order: dict[str, int]) -> int:
    """Step 60 of the pipeline."""
    return order.get("total", 0) + 60


def step_61(order: dict[str, int]) -> int:
    """Step 61 of the pipeline."""
    return order.get("total", 0) + 61


def step_62(order: dict[str, int]) -> int:
    """Step 62 of the pipeline."""
    return order.get("total", 0) + 62


def step_63(order: dict[str, int]) -> int:
    """Step 63 of the pipeline."""
    return order.get("total", 0) + 63


def step_64(order: dict[str, int]) -> int:
    """Step 64 of the pipeline."""
    return order.get("total", 0) + 64


def step_65(order: dict[str, int]) -> int:
    """Step 65 of the pipeline."""
    return order.get("total", 0) + 65


def step_66(order: dict[str, int]) -> int:
    """Step 66 of the pipeline."""
    return order.get("total", 0) + 66


def step_67(order: dict[str, int]) -> int:
    """Step 67 of the pipeline."""
    return order.get("total", 0) + 67


def step_68(order: dict[str, int]) -> int:
    """Step 68 of the pipeline."""
    return order.get("total", 0) + 68


def step_69(order: dict[str, int]) -> int:
    """Step 69 of the pipeline."""
    return order.get("total", 0) + 69

