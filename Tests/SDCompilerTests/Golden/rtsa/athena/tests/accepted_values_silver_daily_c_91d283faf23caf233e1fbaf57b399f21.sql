with all_values as (
    select
        group_name as value_field,
        count(*) as n_records
    from "awsdatacatalog"."rtsa_bronze"."silver_daily_close"
    group by group_name
)
select *
from all_values
where value_field not in (
    'Technology', 'Defense'
)
