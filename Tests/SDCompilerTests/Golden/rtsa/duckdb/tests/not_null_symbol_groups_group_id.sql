select group_id
from "rtsa"."rtsa_bronze"."symbol_groups"
where group_id is null
