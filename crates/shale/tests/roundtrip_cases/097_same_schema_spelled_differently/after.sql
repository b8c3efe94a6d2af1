create table users (
    id int not null,
    email varchar(120) not null,
    credits int not null default 0,
    status varchar(20) default 'new',
    primary key (id),
    constraint ck_users_credits check (credits>=0)
);
create index ix_users_status on users (status, email);
