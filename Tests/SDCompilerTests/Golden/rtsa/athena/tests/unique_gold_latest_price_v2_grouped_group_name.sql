select
    unique_field,
    count(*) as n_records
from (
    select group_name as unique_field
    from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_latest_price_v2_grouped"
    where group_name is not null
) as dbt_test__target
group by unique_field
having count(*) > 1
