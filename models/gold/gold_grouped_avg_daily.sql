<<# Per group and trading day: the plain average of the daily closes of the group's symbols that
    traded that day (a symbol without ticks that day is left out, not carried forward). #>>
select
    group_id,
    group_name,
    trade_date,
    count(*) as symbol_count,
    << round_decimal('avg(close_price)') >> as avg_close
from << ref('silver_daily_close') >>
group by group_id, group_name, trade_date
