select group_id
from "awsdatacatalog"."rtsa_dev"."gold_grouped_returns"
where group_id is null
