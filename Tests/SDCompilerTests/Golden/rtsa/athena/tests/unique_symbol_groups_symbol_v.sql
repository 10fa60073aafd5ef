select
    unique_field,
    count(*) as n_records
from (
    select symbol_v as unique_field
    from "awsdatacatalog"."rtsa_bronze"."symbol_groups"
    where symbol_v is not null
) as dbt_test__target
group by unique_field
having count(*) > 1
