def totals(df):
    out = []
    # ruleid: pandas-iterrows
    for _, row in df.iterrows():
        out.append(row["price"] * row["qty"])
    # ok: pandas-iterrows
    for row in df.itertuples():
        out.append(row.price)
    # ok: pandas-iterrows
    stats.iterrows_count()
    return out
