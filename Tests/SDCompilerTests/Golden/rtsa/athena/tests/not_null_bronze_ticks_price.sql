select price
from "awsdatacatalog"."rtsa_bronze"."bronze_ticks"
where price is null
