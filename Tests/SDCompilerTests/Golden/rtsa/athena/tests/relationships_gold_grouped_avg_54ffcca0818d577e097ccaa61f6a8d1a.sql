with child as (
    select group_id as from_field
    from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_grouped_avg_daily"
    where group_id is not null
),
parent as (
    select group_id as to_field
    from "awsdatacatalog"."rtsa_bronze"."symbol_groups"
)
select from_field
from child
left join parent
    on child.from_field = parent.to_field
where parent.to_field is null
