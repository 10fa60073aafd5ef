with all_values as (
    select
        group_name as value_field,
        count(*) as n_records
    from "rtsa"."rtsa_bronze_rtsa_gold"."gold_grouped_returns"
    group by group_name
)
select *
from all_values
where value_field not in (
    'Technology', 'Defense'
)
