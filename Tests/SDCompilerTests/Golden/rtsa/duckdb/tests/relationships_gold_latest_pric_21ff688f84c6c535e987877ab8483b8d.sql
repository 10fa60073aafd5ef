with child as (
    select symbol_v as from_field
    from "rtsa"."rtsa_bronze_rtsa_gold"."gold_latest_price_v2"
    where symbol_v is not null
),
parent as (
    select symbol_v as to_field
    from "rtsa"."rtsa_bronze"."symbol_groups"
)
select from_field
from child
left join parent
    on child.from_field = parent.to_field
where parent.to_field is null
