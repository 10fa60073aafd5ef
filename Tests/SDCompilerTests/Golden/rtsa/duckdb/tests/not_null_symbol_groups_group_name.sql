select group_name
from "rtsa"."rtsa_bronze"."symbol_groups"
where group_name is null
