select
    id,
<< for m in ['card', 'cash'] >>
    sum(case when method = '<< m >>' then amount end) as << m >>_amount,
from << ref('raw_payments') >>
group by id
