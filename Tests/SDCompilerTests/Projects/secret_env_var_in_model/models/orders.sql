select *
from orders
where api_key = '<< env_var('DBT_ENV_SECRET_AWS') >>'
