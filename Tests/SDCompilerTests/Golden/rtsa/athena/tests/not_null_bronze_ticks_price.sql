select price
from "awsdatacatalog"."rtsa_dev"."bronze_ticks"
where price is null
