
select 'gold_grouped_avg_daily' as model_name, group_id, trade_date, count(*) as row_count
from "rtsa"."rtsa_bronze_rtsa_gold"."gold_grouped_avg_daily"
group by group_id, trade_date
having count(*) > 1
union all
select 'gold_grouped_returns' as model_name, group_id, trade_date, count(*) as row_count
from "rtsa"."rtsa_bronze_rtsa_gold"."gold_grouped_returns"
group by group_id, trade_date
having count(*) > 1
