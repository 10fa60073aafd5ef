select 1 as id -- café
from << ref('orderz') >>
