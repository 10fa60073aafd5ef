select price
from "rtsa"."rtsa_bronze"."bronze_ticks"
where price is null
