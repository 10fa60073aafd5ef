<<# Failing rows: a return that is NULL although the group has a trading day on or before
    trade_date - N, or a return that is set although it has none. One check per return window. #>>
with first_day as (

    select group_id, min(trade_date) as first_trade_date
    from << ref('gold_grouped_avg_daily') >>
    group by group_id

)
<< for w in var('return_windows') >>
<< if not loop.first >>union all<< endif >>
select
    r.group_id,
    r.trade_date,
    << w >> as window_days,
    r.return_<< w >>d as period_return
from << ref('gold_grouped_returns') >> as r
inner join first_day as f
    on f.group_id = r.group_id
where (r.return_<< w >>d is null) <> (f.first_trade_date > << dateadd_days('r.trade_date', -w) >>)
<< endfor >>
