with all_values as (
    select
        group_id as value_field,
        count(*) as n_records
    from "awsdatacatalog"."rtsa_bronze"."symbol_groups"
    group by group_id
)
select *
from all_values
where value_field not in (
    1, 2
)
