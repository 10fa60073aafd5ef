<<# Per group and trading day, one return_<N>d column per window of var('return_windows'):
    avg_close(d) / avg_close(b) - 1, where b is the group's latest trading day on or before
    d - N calendar days; NULL when the group has no trading day that early. avg_close is the
    published 6-decimal value of gold_grouped_avg_daily (docs/rtsa.md, "gold_grouped_returns"). #>>
<< set windows = var('return_windows') >>
with daily as (

    select
        group_id,
        group_name,
        trade_date,
        cast(avg_close as double) as avg_close
    from << ref('gold_grouped_avg_daily') >>

)
<< for w in windows >>
, base_day_<< w >>d as (

    select
        d.group_id,
        d.trade_date,
        max(p.trade_date) as base_date
    from daily as d
    inner join daily as p
        on p.group_id = d.group_id
       and p.trade_date <= << dateadd_days('d.trade_date', -w) >>
    group by d.group_id, d.trade_date

)

, return_<< w >>d as (

    select
        k.group_id,
        k.trade_date,
        << round_decimal('d.avg_close / nullif(b.avg_close, 0) - 1') >> as period_return
    from base_day_<< w >>d as k
    inner join daily as d
        on d.group_id = k.group_id
       and d.trade_date = k.trade_date
    inner join daily as b
        on b.group_id = k.group_id
       and b.trade_date = k.base_date

)
<< endfor >>

select
    d.group_id,
    d.group_name,
    d.trade_date,
    d.trade_date as day,
    << round_decimal('d.avg_close') >> as avg_close
<<- for w in windows >>
    , r<< w >>.period_return as return_<< w >>d
<<- endfor >>
from daily as d
<<- for w in windows >>
left join return_<< w >>d as r<< w >>
    on r<< w >>.group_id = d.group_id
   and r<< w >>.trade_date = d.trade_date
<<- endfor >>
