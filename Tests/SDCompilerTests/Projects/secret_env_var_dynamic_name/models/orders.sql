<< set prefix = 'DBT_ENV_' ~ 'SECRET_' >>
select '<< env_var(prefix ~ 'KEY', 'x') >>' as k
