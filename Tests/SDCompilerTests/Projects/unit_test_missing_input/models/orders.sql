select id from << ref('stg') >> union all select id from << source('shop', 'raw') >>
