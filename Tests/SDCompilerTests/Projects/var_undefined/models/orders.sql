select id
from << ref('raw_orders') >>
where ordered_at >= '<< var("start_dat") >>'
