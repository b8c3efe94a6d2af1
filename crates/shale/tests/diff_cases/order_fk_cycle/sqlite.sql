-- shale:upgrade
CREATE TABLE employees (
    id integer NOT NULL,
    department_id integer,
    manager_id integer,
    PRIMARY KEY (id),
    CONSTRAINT fk_employees_department_id_departments FOREIGN KEY (department_id) REFERENCES departments (id),
    CONSTRAINT fk_employees_manager_id_employees FOREIGN KEY (manager_id) REFERENCES employees (id)
);
CREATE TABLE departments (
    id integer NOT NULL,
    head_id integer,
    PRIMARY KEY (id),
    CONSTRAINT fk_departments_head_id_employees FOREIGN KEY (head_id) REFERENCES employees (id)
);

-- shale:downgrade
-- WARNING: destroys data: drops table employees and all its rows
-- shale:allow drop-table
DROP TABLE employees;
-- WARNING: destroys data: drops table departments and all its rows
-- shale:allow drop-table
DROP TABLE departments;
