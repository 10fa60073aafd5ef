select 1 as id, date '2024-01-02' as ordered_at
