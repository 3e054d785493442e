import pytest

from tests import factories


@pytest.fixture
def post(consultation, member):
    return factories.PostFactory(consultation=consultation, author=member)


@pytest.fixture
def other_department(consultation):
    department = factories.DepartmentFactory()
    consultation.departments.add(department)
    return department


@pytest.fixture
def other_official(other_department):
    person = factories.OfficialFactory()
    other_department.officials.add(person)
    return person
